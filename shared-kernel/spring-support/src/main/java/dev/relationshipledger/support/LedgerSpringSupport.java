package dev.relationshipledger.support;

import dev.relationshipledger.support.operations.AxonMeterNames;
import dev.relationshipledger.support.operations.AxonMonitors;
import dev.relationshipledger.support.security.SecuritySettings;
import dev.relationshipledger.support.web.PathFirstHandlerMapping;
import dev.relationshipledger.support.web.SingleValuedParameters;
import dev.relationshipledger.support.web.TomcatProblems;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** What each application imports from this module: the configuration both sides run identically. */
@Configuration(proxyBeanMethods = false)
@Import({AxonMeterNames.class, AxonMonitors.class, SecuritySettings.class, TomcatProblems.class,
        PathFirstHandlerMapping.class, SingleValuedParameters.class})
public class LedgerSpringSupport {
}

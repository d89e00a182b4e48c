package dev.relationshipledger.command.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command endpoint that answers 201 with a {@code Location} ({@link CommandSender#create},
 * {@link CommandSender#createAt}), so that its API document says so rather than springdoc's default 200
 * ({@link ApiDocumentation}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Creates {
}

package dev.relationshipledger.deploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web workspace in a real browser (Debian's headless Chromium through Selenium) against both applications on a
 * fresh database, seeded through the command API over HTTP. Every page is screenshotted at 1280 and 390 px
 * (target/screenshots) and checked for labelled controls and sideways scrolling; the replay slider is moved with
 * the keyboard and what it shows is compared with the API's as-of answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "dev.relationshipledger.deploy.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class WebWorkspaceTest extends RunningLedger {

    static final String MANDATE = """
            {"priceFloor":{"amount":100,"currency":"EUR"},"maxDiscountPercent":10,
             "minDurationMonths":12,"maxDurationMonths":36,"approvers":["maria"]}""";
    static final Instant LONG_AGO = Instant.parse("2025-06-01T10:00:00Z");

    static Browser browser;
    static String acme;
    static String harbour;
    static String ralfs;
    static String agreed;
    static String ralfsNegotiation;
    static Instant base;
    static String accessibilityCheck;
    static final List<String> accessibilityProblems = new ArrayList<>();
    /** Screenshots taken in this run: the last test checks every page was captured, not a previous run's files. */
    static final Set<String> captured = new TreeSet<>();

    @BeforeAll
    static void seedAndStartBrowser() throws IOException {
        Browser.assumeInstalled();
        try (InputStream in = WebWorkspaceTest.class.getResourceAsStream("/web/accessibility-check.js")) {
            accessibilityCheck = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
        acme = accepted(commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Acme Steel\",\"kind\":\"SUPPLIER\",\"segment\":\"raw materials\"},\"tier\":\"KEY\"}"))
                .text("aggregateId");
        String contact = "5b0c7a1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
        accepted(commands.post(RITA, "/relationships/" + acme + "/contacts", """
                {"contactId":"%s","channel":"MEETING","summary":"Quarterly review","sentiment":"POSITIVE",
                 "participants":["Jane Doe"],"occurredAt":"%s"}""".formatted(contact, base)));
        accepted(commands.post(RITA, "/relationships/" + acme + "/contacts", """
                {"channel":"CALL","summary":"old call found in a notebook","sentiment":"NEUTRAL","occurredAt":"%s"}"""
                .formatted(LONG_AGO)));
        accepted(commands.post(RITA, "/relationships/" + acme + "/people",
                "{\"name\":\"Jane Doe\",\"position\":\"Head of Sales\"}"));
        accepted(commands.post(RITA, "/complaints", """
                {"relationshipId":"%s","category":"PRODUCT_QUALITY","severity":"CRITICAL","description":"broken batch",
                 "receivedAt":"%s"}""".formatted(acme, base.plus(Duration.ofDays(1)))));
        accepted(commands.post(RITA, "/relationships/" + acme + "/contacts/" + contact + "/corrections",
                "{\"correctedSummary\":\"Quarterly review, prices agreed\",\"reason\":\"summary incomplete\"}"));
        agreed = negotiate();

        harbour = accepted(commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Harbour Foods\",\"kind\":\"CUSTOMER\"},\"tier\":\"STRATEGIC\"}")).text("aggregateId");
        accepted(commands.post(RITA, "/relationships/" + harbour + "/contacts", """
                {"channel":"CALL","summary":"renewal talk","sentiment":"POSITIVE","occurredAt":"%s"}""".formatted(base)));
        String closed = openRelationship("Old Mill Ltd", "PARTNER");
        accepted(commands.post(RITA, "/relationships/" + closed + "/close", "{\"reason\":\"mill sold\"}"));
        ralfs = accepted(commands.post(RALF, "/relationships",
                "{\"counterparty\":{\"name\":\"Ralf's Supplies\",\"kind\":\"SUPPLIER\"}}")).text("aggregateId");
        ralfsNegotiation = accepted(commands.post(RALF, "/negotiations", "{\"relationshipId\":\"" + ralfs
                + "\",\"subject\":\"Raw material purchase\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
        Answer last = accepted(commands.post(RALF, "/negotiations/" + ralfsNegotiation + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":" + terms("120", 5, 12, 30, "0") + "}"));

        for (String id : List.of(acme, harbour, closed, ralfs)) {
            readAfter(last, MARIA, "/relationships/" + id);
            readAfter(last, MARIA, "/relationships/" + id + "/reputation");
        }
        readAfter(last, CARL, "/negotiations/" + agreed);
        readAfter(last, CARL, "/audit?limit=1");

        browser = new Browser("http://localhost:" + ledger.queryPort());
    }

    static String terms(String price, int quantity, int months, int days, String discount) {
        return "{\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"},\"quantity\":" + quantity
                + ",\"durationMonths\":" + months + ",\"paymentTermsDays\":" + days + ",\"discountPercent\":"
                + discount + ",\"conditions\":[\"delivery DAP Hamburg\"]}";
    }

    /** A proposal made {@code minutes} after {@link #base}, or now when null (an approved one follows its grant). */
    static String propose(String negotiation, String side, String terms, Integer minutes, String approval) {
        Answer answer = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"side\":\"" + side + "\",\"terms\":" + terms
                        + (minutes == null ? "" : ",\"madeAt\":\"" + base.plus(Duration.ofMinutes(minutes)) + "\"")
                        + (approval == null ? "" : ",\"approvalId\":\"" + approval + "\"") + "}"));
        String location = answer.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Six rounds, an approval below the floor granted by maria, a corrected price of theirs, agreed, signed. */
    static String negotiate() {
        String n = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + acme
                + "\",\"subject\":\"2027 steel supply\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
        propose(n, "OURS", terms("130", 1000, 24, 30, "0"), 0, null);
        String theirs = propose(n, "THEIRS", terms("90", 1200, 36, 60, "5"), 60, null);
        propose(n, "OURS", terms("115", 1000, 24, 45, "0"), 90, null);
        propose(n, "THEIRS", terms("95", 1100, 36, 60, "5"), 100, null);
        String below = terms("98", 1000, 24, 45, "0");
        Answer requested = accepted(commands.post(RITA, "/negotiations/" + n + "/approvals",
                "{\"terms\":" + below + ",\"justification\":\"volume justifies 98\"}"));
        String location = requested.raw().headers().firstValue("Location").orElseThrow();
        String approval = location.substring(location.lastIndexOf('/') + 1);
        accepted(commands.post(MARIA, "/negotiations/" + n + "/approvals/" + approval + "/grant",
                "{\"comment\":\"ok for this deal\"}"));
        String ours = propose(n, "OURS", below, null, approval);
        propose(n, "THEIRS", terms("98", 1000, 24, 45, "0"), null, null);
        accepted(commands.post(RITA, "/negotiations/" + n + "/proposals/" + theirs + "/corrections",
                "{\"correctedTerms\":" + terms("92", 1200, 36, 60, "5") + ",\"reason\":\"misheard the price\"}"));
        accepted(commands.post(RITA, "/negotiations/" + n + "/conclude",
                "{\"outcome\":\"AGREED\",\"agreedProposalId\":\"" + ours + "\",\"reason\":\"signed off\"}"));
        accepted(commands.post(RITA, "/contracts", "{\"relationshipId\":\"" + acme + "\",\"negotiationId\":\"" + n
                + "\",\"title\":\"Steel supply 2027\",\"startsOn\":\"2027-01-01\",\"endsOn\":\"2027-12-31\"}"));
        return n;
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static String password(TestUsers user) {
        return user.userName() + "-pw";
    }

    void logIn(TestUsers user) {
        browser.logIn(user.userName(), password(user));
        assertThat(browser.driver.getCurrentUrl()).as("logged in as " + user).doesNotContain("/ui/login");
    }

    /** Screenshots at both widths and runs the accessibility checks at each. */
    void capture(String name, Runnable awaitReady) {
        for (int width : new int[]{Browser.WIDE, Browser.NARROW}) {
            browser.width(width);
            awaitReady.run();
            // charts are drawn at their box's width: wait until they have been drawn again for this one
            browser.waitFor().until(d -> Boolean.TRUE.equals(browser.script("return [...document.querySelectorAll("
                    + "'svg.chart')].every(s => Number(s.dataset.width) === Math.round(s.parentElement.clientWidth))")));
            @SuppressWarnings("unchecked")
            List<String> problems = (List<String>) browser.script(accessibilityCheck);
            problems.forEach(p -> accessibilityProblems.add(name + " @" + width + ": " + p));
            browser.scriptErrors().forEach(e -> accessibilityProblems.add(name + " @" + width + ": script error: " + e));
            captured.add(browser.screenshot(name + "-" + width).getFileName().toString());
        }
        browser.width(Browser.WIDE);
    }

    static Answer asOf(String relationship, String at, String axis) {
        Answer answer = queries.get(MARIA, "/relationships/" + relationship + "/as-of?at="
                + URLEncoder.encode(at, StandardCharsets.UTF_8) + "&axis=" + axis);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aPageAsksForTheLoginAndAWrongPasswordIsRefused() {
        browser.driver.manage().deleteAllCookies();
        browser.open("/ui/index.html");
        browser.waitFor().until(ExpectedConditions.urlContains("/ui/login"));
        capture("login", () -> { });
        browser.logIn("rita", "wrong");
        assertThat(browser.find("#login-message").getText()).contains("Wrong user name or password");
        logIn(RITA);
        assertThat(browser.driver.getCurrentUrl()).as("a relationship manager starts with their own")
                .endsWith("/ui/index.html?mine=1");
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "rita"));

        browser.find("#logout").click();
        browser.waitFor().until(ExpectedConditions.urlContains("/ui/login?logout"));
        assertThat(browser.find("#login-message").getText()).isEqualTo("You are logged out.");
        browser.open("/ui/index.html");
        browser.waitFor().until(ExpectedConditions.urlContains("/ui/login"));
    }

    @Test
    @Order(2)
    void thePortfolioShowsAtRiskFirstWithSparklinesAndFilters() {
        logIn(MARIA);
        browser.open("/ui/index.html");
        browser.awaitState("groups", "ready");
        List<WebElement> rows = browser.all("#groups tbody tr");
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).getAttribute("data-status")).as("at-risk relationships come first").isEqualTo("AT_RISK");
        assertThat(rows.get(0).getAttribute("data-relationship-id")).isEqualTo(acme);
        assertThat(rows.get(0).findElement(By.cssSelector(".complaints")).getText()).isEqualTo("1");
        assertThat(browser.all("#groups tr[data-status=CLOSED]")).hasSize(1);
        browser.waitFor().until(d -> browser.all("#groups tbody tr svg.spark").size() == rows.size());
        assertThat(browser.find("tr[data-relationship-id='" + acme + "'] svg.spark").getAttribute("aria-label"))
                .contains("Acme Steel").contains("reputation down");
        capture("portfolio", () -> browser.awaitState("groups", "ready"));

        WebElement search = browser.find("#q");
        search.sendKeys("harb");
        browser.waitFor().until(d -> browser.all("#groups tbody tr").size() == 1
                && "ready".equals(browser.find("#groups").getAttribute("data-state")));
        assertThat(browser.find("#groups tbody tr").getAttribute("data-relationship-id")).isEqualTo(harbour);
        assertThat(browser.driver.getCurrentUrl()).contains("q=harb");
        search.clear();
        new Select(browser.find("#kind")).selectByValue("SUPPLIER");
        browser.waitFor().until(d -> "ready".equals(browser.find("#groups").getAttribute("data-state"))
                && browser.all("#groups tbody tr").size() == 2);
        assertThat(browser.all("#groups tbody tr")).extracting(r -> r.getAttribute("data-relationship-id"))
                .containsExactly(acme, ralfs);
    }

    @Test
    @Order(3)
    void aRelationshipManagerStartsWithTheirOwnAndSeesNoCompliancePage() {
        logIn(RALF);
        browser.open("/ui/index.html");
        browser.awaitState("groups", "ready");
        assertThat(browser.find("#mine").isSelected()).isTrue();
        assertThat(browser.all("#groups tbody tr")).extracting(r -> r.getAttribute("data-relationship-id"))
                .containsExactly(ralfs);
        assertThat(browser.all("#nav-compliance")).as("no compliance link for a relationship manager").isEmpty();
        browser.open("/ui/compliance.html");
        assertThat(browser.find("#forbidden-message").getText()).contains("may not open this page");
        browser.open("/ui/negotiation.html?id=" + agreed);
        browser.waitFor().until(ExpectedConditions.attributeToBe(By.id("main"), "data-state", "error"));
        assertThat(browser.find("#page-error").getText()).contains("You may not see this negotiation");
        browser.open("/ui/negotiation.html?id=" + ralfsNegotiation);
        browser.waitFor().until(ExpectedConditions.attributeToBe(By.id("main"), "data-state", "ready"));
        assertThat(browser.find("#subject").getText()).isEqualTo("Raw material purchase");
        assertThat(browser.all("#export-evidence")).as("no evidence export for a relationship manager").isEmpty();
    }

    @Test
    @Order(4)
    void theReplaySliderShowsWhatTheApiAnswersAsOfThatMomentOnBothAxes() {
        logIn(MARIA);
        browser.open("/ui/relationship.html?id=" + acme);
        browser.awaitState("events", "ready");
        browser.awaitState("replay-view", "ready");
        WebElement slider = reachByTab("replay-slider", 80);
        int max = Integer.parseInt(slider.getAttribute("max"));
        assertThat(max).as("one step per event").isGreaterThan(8);

        for (String axis : List.of("recorded", "business")) {
            if (axis.equals("business")) {
                browser.find("label[for=axis-business]").click();
                browser.waitFor().until(d -> "business".equals(browser.find("#replay-view").getAttribute("data-axis"))
                        && "ready".equals(browser.find("#replay-view").getAttribute("data-state")));
                slider = browser.find("#replay-slider");
                slider.sendKeys(Keys.END);
            }
            for (int steps : new int[]{0, 3, 5, 2}) {
                for (int i = 0; i < steps; i++) {
                    slider.sendKeys(Keys.ARROW_LEFT);
                }
                assertShownStateIsTheApis(axis);
            }
            slider.sendKeys(Keys.HOME);
            assertShownStateIsTheApis(axis);
        }
        // the first business-time step is the back-dated call, before the relationship was recorded
        assertThat(browser.find("#replay-view").getAttribute("data-at")).isEqualTo(LONG_AGO.toString());
        assertThat(browser.find("#replay-facts [data-field=contactCount]").getText()).isEqualTo("1");
    }

    void assertShownStateIsTheApis(String axis) {
        String wanted = browser.find("#replay-slider").getAttribute("value");
        // the shown view is the one of the moment the slider names (not the previous one, still on screen)
        browser.waitFor().until(d -> {
            WebElement view = browser.find("#replay-view");
            WebElement moment = browser.find("#replay-moment");
            return "ready".equals(view.getAttribute("data-state")) && axis.equals(view.getAttribute("data-axis"))
                    && moment.getText().startsWith("Step " + (Integer.parseInt(wanted) + 1) + " of")
                    && moment.getAttribute("data-at") != null
                    && moment.getAttribute("data-at").equals(view.getAttribute("data-at"));
        });
        String at = browser.find("#replay-view").getAttribute("data-at");
        JsonNode summary = asOf(acme, at, axis).json().get("view").get("summary");
        for (String field : List.of("status", "owner", "tier", "contactCount", "openComplaints", "liveNegotiations",
                "activeContracts", "lastPosition")) {
            assertThat(browser.find("#replay-facts [data-field=" + field + "]").getAttribute("data-value"))
                    .as(field + " as of " + at + " on the " + axis + " axis").isEqualTo(summary.get(field).asText());
        }
        assertThat(Double.parseDouble(browser.find("#replay-facts [data-field=reputation]").getAttribute("data-value")))
                .isEqualTo(summary.get("reputation").asDouble());
        String lastContact = browser.find("#replay-facts [data-field=lastContactAt]").getAttribute("data-value");
        assertThat(lastContact.isEmpty() ? null : Instant.parse(lastContact)).isEqualTo(
                summary.get("lastContactAt").isNull() ? null : Instant.parse(summary.get("lastContactAt").asText()));
    }

    /** Presses Tab from the top of the page until the element has the focus: it is reachable by keyboard. */
    WebElement reachByTab(String id, int maxPresses) {
        browser.script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        Actions keys = new Actions(browser.driver);
        for (int i = 0; i < maxPresses; i++) {
            keys.sendKeys(Keys.TAB).perform();
            if (id.equals(browser.script("return document.activeElement && document.activeElement.id"))) {
                return browser.find("#" + id);
            }
        }
        throw new AssertionError(id + " not reached with " + maxPresses + " presses of Tab");
    }

    @Test
    @Order(5)
    void aPointOfTheReputationChartOpensTheEventBehindIt() {
        logIn(MARIA);
        browser.open("/ui/relationship.html?id=" + acme);
        browser.awaitState("events", "ready");
        browser.awaitState("reputation-chart", "ready");
        List<WebElement> points = browser.all("#reputation-svg .point");
        assertThat(points).hasSizeGreaterThanOrEqualTo(2);
        JsonNode timeline = queries.get(MARIA, "/relationships/" + acme + "/reputation").json();
        assertThat(points).hasSize(timeline.size());

        // keyboard: Tab from the model selector reaches the chart, arrows move, Enter opens
        browser.script("document.getElementById('model').focus()");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.getAttribute('class')")).isEqualTo("point");
        new Actions(browser.driver).sendKeys(Keys.HOME).sendKeys(Keys.ENTER).perform();
        String first = timeline.get(0).get("position").asText();
        browser.waitFor().until(d -> browser.find("#event-" + first).getAttribute("class").contains("highlight"));
        assertThat(browser.find("#event-" + first + " details").getAttribute("open")).isNotNull();
        assertThat(browser.script("return document.activeElement.closest('li').id")).isEqualTo("event-" + first);
        assertThat(browser.find("#event-" + first).getAttribute("data-type")).isEqualTo(timeline.get(0).get("eventType").asText());

        // mouse: a click on the last point opens the last scoring event
        String last = timeline.get(timeline.size() - 1).get("position").asText();
        WebElement lastPoint = browser.find("#reputation-svg .point[data-position='" + last + "']");
        browser.script("arguments[0].scrollIntoView({block: 'center'})", lastPoint);
        new Actions(browser.driver).moveToElement(lastPoint).click().perform();
        browser.waitFor().until(d -> browser.find("#event-" + last).getAttribute("class").contains("highlight"));
        assertThat(browser.find("#event-" + last + " .event-body").isDisplayed()).isTrue();
    }

    @Test
    @Order(6)
    void theEventListShowsDiffsActorsAndCorrectionsBesideTheOriginal() {
        logIn(MARIA);
        browser.open("/ui/relationship.html?id=" + acme);
        browser.awaitState("events", "ready");
        JsonNode history = queries.get(MARIA, "/relationships/" + acme + "/history?limit=200").json().get("items");
        JsonNode correction = null;
        for (JsonNode entry : history) {
            if (entry.get("eventType").asText().equals("ContactSummaryCorrected")) {
                correction = entry;
            }
        }
        assertThat(correction).isNotNull();
        String original = correction.get("corrects").asText();
        String position = correction.get("position").asText();
        assertThat(browser.all("#events > li")).hasSize(history.size());

        WebElement item = browser.find("#event-" + position);
        item.findElement(By.tagName("summary")).click();
        // the details' toggle event (which renders the body) comes asynchronously after the click
        WebElement note = browser.waitFor().until(d -> item.findElements(By.cssSelector(".correction-note")).stream()
                .findFirst().orElse(null));
        assertThat(note.getAttribute("data-corrects")).as("the audit trail's corrects").isEqualTo(original);
        assertThat(note.getText()).contains("summary incomplete").contains("ContactLogged");
        assertThat(item.getText()).contains("rita");

        WebElement originalItem = browser.find("#event-" + original);
        assertThat(originalItem.getText()).contains("corrected later");
        originalItem.findElement(By.tagName("summary")).click();
        browser.waitFor().until(d -> !originalItem.findElements(By.cssSelector(".correction-note")).isEmpty());
        assertThat(originalItem.findElement(By.cssSelector(".correction-note")).getAttribute("data-corrections")).isEqualTo(position);
        assertThat(originalItem.findElement(By.cssSelector("table.diff")).getText()).contains("summary.contactCount");
        capture("relationship", () -> browser.awaitState("replay-view", "ready"));
    }

    @Test
    @Order(7)
    void theNegotiationAuditShowsRoundsConcessionsMandateApprovalsAndOutcome() {
        logIn(CARL);
        browser.open("/ui/negotiation.html?id=" + agreed);
        browser.waitFor().until(ExpectedConditions.attributeToBe(By.id("main"), "data-state", "ready"));
        assertThat(browser.find("#subject").getText()).isEqualTo("2027 steel supply");
        assertThat(browser.find("#outcome [data-field=status]").getText()).isEqualTo("Agreed");
        assertThat(browser.find("#outcome [data-field=timeToAgreement]").getText()).isNotEqualTo("—");
        assertThat(browser.all("#rounds-table thead th[data-round]")).hasSize(6);
        String table = browser.find("#rounds-table").getText();
        assertThat(table).contains("92 EUR").contains("as made: 90 EUR").contains("price 98 below floor 100")
                .contains("maria approved").contains("volume justifies 98");
        assertThat(browser.all("#rounds-table [data-concession=price].toward")).as("price concessions").hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.find("#approvals-table").getText()).contains("Granted").contains("ok for this deal").contains("round 5");
        assertThat(browser.find("#corrections-list").getText()).contains("misheard the price");
        assertThat(browser.find("#price-chart").getAttribute("aria-label")).contains("round 1 ours 130");

        // this ledger runs without a signing key, so the command side refuses the pack: the page shows its answer
        Answer direct = new LedgerHttp(ledger.commandPort()).get(CARL, "/evidence/negotiations/" + agreed);
        assertThat(direct.status()).as(direct.body()).isEqualTo(503);
        browser.find("#export-evidence").click();
        browser.waitFor().until(d -> browser.find("#evidence-status").getAttribute("data-outcome") != null);
        assertThat(browser.find("#evidence-status").getAttribute("data-outcome")).isEqualTo("503");
        capture("negotiation", () -> browser.waitFor().until(
                ExpectedConditions.attributeToBe(By.id("main"), "data-state", "ready")));
    }

    @Test
    @Order(8)
    void theCompliancePageRunsTheVerificationAndListsCorrectionsWithTheirOriginals() {
        logIn(CARL);
        browser.open("/ui/index.html");
        // the link appears once the page has loaded the user's roles: wait for it (slow machines)
        browser.waitFor().until(ExpectedConditions.elementToBeClickable(By.id("nav-compliance"))).click();
        browser.awaitState("corrections", "ready");
        List<WebElement> rows = browser.all("#corrections-table tbody tr");
        assertThat(rows).hasSize(2); // the contact's summary, the proposal's price
        JsonNode corrections = queries.get(CARL, "/audit?type=ProposalTermsCorrected").json().get("items");
        WebElement proposal = browser.find("#corrections-table tr[data-position='" + corrections.get(0).get("position").asText() + "']");
        assertThat(proposal.getAttribute("data-corrects")).isEqualTo(corrections.get(0).get("corrects").asText());
        assertThat(proposal.getText()).contains("misheard the price").contains("ProposalMade").contains("90 EUR").contains("92 EUR");
        JsonNode summaries = queries.get(CARL, "/audit?type=ContactSummaryCorrected").json().get("items");
        WebElement summary = browser.find("#corrections-table tr[data-position='" + summaries.get(0).get("position").asText() + "']");
        assertThat(summary.getText()).as("what was said, opened (decision 0021)")
                .contains("Quarterly review, prices agreed").contains("Quarterly review").doesNotContain("AES-256-GCM");

        Answer direct = new LedgerHttp(ledger.commandPort()).get(CARL, "/chain/verification");
        browser.find("#verify").click();
        browser.awaitState("verification", "ready");
        WebElement verdict = browser.find("#verification-verdict");
        assertThat(direct.status()).as(direct.body()).isEqualTo(200);
        assertThat(direct.json().get("ok").asBoolean()).isTrue();
        assertThat(browser.find("#verification").getAttribute("data-status")).isEqualTo("200");
        assertThat(verdict.getAttribute("data-ok")).isEqualTo("true");
        capture("compliance", () -> browser.awaitState("corrections", "ready"));
    }

    @Test
    @Order(9)
    void aBiAnalystReadsButGetsNoCompliancePage() {
        logIn(BIANCA);
        browser.open("/ui/index.html");
        browser.awaitState("groups", "ready");
        assertThat(browser.all("#nav-compliance")).isEmpty();
        assertThat(browser.all("#groups tbody tr")).hasSize(4);
        browser.open("/ui/negotiation.html?id=" + agreed);
        browser.waitFor().until(ExpectedConditions.attributeToBe(By.id("main"), "data-state", "ready"));
        assertThat(browser.all("#export-evidence")).isEmpty();
    }

    @Test
    @Order(10)
    void everyPageIsLabelledReadableAndNeedsNoSidewaysScrolling() {
        assertThat(accessibilityProblems).as("accessibility checks and script errors of every page at 1280 and 390 px")
                .isEmpty();
        for (String page : List.of("login", "portfolio", "relationship", "negotiation", "compliance")) {
            for (int width : new int[]{Browser.WIDE, Browser.NARROW}) {
                assertThat(captured).as("captured in this run").contains(page + "-" + width + ".png");
                assertThat(Browser.SCREENSHOTS.resolve(page + "-" + width + ".png")).exists();
            }
        }
    }
}

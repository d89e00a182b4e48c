package dev.relationshipledger.deploy.seed;

import java.util.List;
import java.util.SplittableRandom;

/** The words generated histories are written in: counterparty names, summaries, reasons. */
final class Vocabulary {

    static final String[] NAME_FIRST = {"Acme", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor",
            "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Riverside",
            "Summit", "Tidewater", "Umber", "Vantage", "Willow", "Zenith"};
    static final String[] NAME_SECOND = {"Steel", "Energy", "Logistics", "Foods", "Textiles", "Chemicals", "Health",
            "Retail", "Software", "Packaging", "Machinery", "Water"};
    static final String[] SEGMENTS = {"raw materials", "utilities", "retail chains", "public sector", "logistics",
            "healthcare", "manufacturing", "services"};
    static final String[] PEOPLE = {"Jane Doe", "Ada Plant", "Omar Reyes", "Lena Fischer", "Kemal Aydin",
            "Priya Nair", "Tom Becker", "Selin Kaya", "Marta Nowak", "Jonas Berg"};
    static final String[] POSITIONS = {"Head of purchasing", "Account director", "Plant manager", "CFO",
            "Quality lead", "Mayor's office", "Programme officer"};
    static final String[] TOPICS = {"quarterly review", "delivery schedule", "price index", "quality audit",
            "new product line", "invoice query", "site safety", "forecast for next quarter", "training plan",
            "maintenance window", "sustainability report", "community event"};
    static final String[] FOLLOW_UPS = {"send minutes", "share the revised forecast", "book a site visit",
            "check the open invoices", "propose dates for the next review"};
    static final String[] COMPLAINTS = {"late delivery", "damaged goods on arrival", "invoice charged twice",
            "no answer from support for a week", "wrong items shipped", "contract clause not honoured",
            "quality below specification"};
    static final String[] CONDITIONS = {"delivery within 10 days", "quarterly price review", "free on board",
            "annual volume commitment", "on-site support included", "payment by bank transfer"};
    static final String[] SUBJECTS = {"supply", "service agreement", "framework deal", "maintenance contract",
            "sponsorship", "internal service level"};

    private Vocabulary() {
    }

    static String counterpartyName(int r) {
        int combos = NAME_FIRST.length * NAME_SECOND.length;
        String name = NAME_FIRST[r % NAME_FIRST.length] + " " + NAME_SECOND[(r / NAME_FIRST.length) % NAME_SECOND.length];
        return r < combos ? name : name + " " + (r / combos + 1);
    }

    static String pick(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static <T extends Enum<T>> T pick(SplittableRandom random, Class<T> type) {
        T[] values = type.getEnumConstants();
        return values[random.nextInt(values.length)];
    }
}

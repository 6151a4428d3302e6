package jp.madoguchi.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes every service's {@code /actuator/prometheus} pass {@code promtool check metrics}: the libraries under
 * the services (Axon, Kafka clients, the JVM binders) name some meters in camelCase, with abbreviated units or a
 * {@code _count} gauge, and leave the help text empty. Madoguchi's own {@code madoguchi.*} meters must bring
 * their description themselves: they get no placeholder, so a missing one fails the check.
 */
final class PrometheusConventions implements MeterFilter {

    static final String OWN_PREFIX = "madoguchi.";
    /** Units Prometheus wants spelled out (and in base units); a meter in them cannot be rescaled by a filter. */
    private static final Set<String> ABBREVIATED_UNITS = Set.of("ms", "ns", "us");
    private static final Pattern CAMEL_HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean abbreviated = id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit())
                || Arrays.stream(id.getName().split("\\.")).anyMatch(ABBREVIATED_UNITS::contains);
        return abbreviated ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = snake(id.getName(), ".");
        if (name.endsWith(".timer")) {
            // Axon's allTimer, successTimer: the kind of meter is not part of a Prometheus name
            name = name.substring(0, name.length() - ".timer".length());
        } else if (name.endsWith(".counter")) {
            // its successCounter beside successTimer: "messages" keeps the two apart once the type word goes
            name = name.substring(0, name.length() - ".counter".length()) + ".messages";
        } else if (id.getType() == Meter.Type.GAUGE && name.endsWith(".count")) {
            // "_count" belongs to histograms and summaries: system.cpu.count becomes system.cpus
            name = name.substring(0, name.length() - ".count".length()) + "s";
        }
        String description = id.getDescription();
        if ((description == null || description.isBlank()) && !name.startsWith(OWN_PREFIX)) {
            description = "Recorded by a library under the service (" + id.getName() + "); see its documentation";
        }
        List<Tag> tags = id.getTags().stream().map(t -> Tag.of(snake(t.getKey(), "_"), t.getValue())).toList();
        if (name.equals(id.getName()) && description == id.getDescription() && tags.equals(id.getTags())) {
            return id;
        }
        return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
    }

    /** eventProcessor → event.processor (names) or event_processor (tag keys). */
    static String snake(String camel, String separator) {
        return CAMEL_HUMP.matcher(camel).replaceAll(separator).toLowerCase(Locale.ROOT);
    }
}

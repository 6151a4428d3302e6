package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring configuration in {@code deploy/monitoring} as the tests see it: the PromQL that the alert rules
 * and dashboards query, the metric names in it, and promtool. promtool is Debian's {@code prometheus} package;
 * without it the tests fail, unless {@code -Dmadoguchi.promtool.optional=true} is given (then they are skipped).
 */
final class Monitoring {

    static final Path DIR = Path.of("monitoring");
    static final Path RULES = DIR.resolve("prometheus/rules");
    static final Path RULE_TESTS = DIR.resolve("prometheus/tests");
    static final Path DASHBOARDS = DIR.resolve("grafana/dashboards");
    /** Series Prometheus makes itself rather than scrapes. */
    static final Set<String> SYNTHETIC = Set.of("up");

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

    private Monitoring() {
    }

    /** Every PromQL expression of the rules and dashboards, keyed by where it is (file, alert or panel). */
    static Map<String, String> expressions() throws IOException {
        Map<String, String> exprs = new java.util.LinkedHashMap<>();
        for (Path file : files(RULES, ".yml")) {
            Map<String, Object> doc = new Yaml().load(Files.readString(file));
            for (Object group : (List<?>) doc.get("groups")) {
                for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                    Map<?, ?> r = (Map<?, ?>) rule;
                    exprs.put(file.getFileName() + " " + (r.get("alert") != null ? r.get("alert") : r.get("record")), (String) r.get("expr"));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : files(DASHBOARDS, ".json")) {
            JsonNode dashboard = json.readTree(file.toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.put(file.getFileName() + " " + panel.path("title").asText() + " " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String query = variable.path("query").path("query").asText("");
                Matcher labelValues = Pattern.compile("label_values\\((\\w+),").matcher(query);
                if (labelValues.find()) {
                    exprs.put(file.getFileName() + " variable " + variable.path("name").asText(), labelValues.group(1));
                }
            }
        }
        return exprs;
    }

    /** The metric names a PromQL expression selects: strings, label matchers, groupings and ranges removed first. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The sample names in a scrape (histograms and summaries show as their _count, _sum, _bucket series). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE_NAME.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Runs promtool with the given arguments (and stdin); fails with its output unless it exits 0. */
    static String promtool(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(Boolean.getBoolean("madoguchi.promtool.optional"), "promtool not installed (optional here)");
            return fail("promtool is not installed: apt-get install -y prometheus (Debian), or run with -Dmadoguchi.promtool.optional=true", e);
        }
        try {
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + " said:\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
            assertThat(found).as("files in " + dir).isNotEmpty();
            return found;
        }
    }
}

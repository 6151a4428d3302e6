package jp.madoguchi.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every HTTP route of a running service, read from its live route table (so a route added later
 * is swept too), and the isolation scope it falls under.
 */
final class RouteSweep {

    enum Scope {
        /** {@code /api/towns/{tenantId}/**}: only that town's token */
        TOWN,
        /** {@code /api/operator/**}: only operators */
        OPERATOR,
        /** declared public by the service (login, JWKS) or verified otherwise (LINE webhook signature) */
        PUBLIC,
        /** none of the above: a route that could leak one town's data to another */
        UNSCOPED
    }

    record Route(String service, RequestMethod method, String pattern, Scope scope) {
    }

    private static final Set<String> ALWAYS_PUBLIC = Set.of("/line/webhook/**");

    private RouteSweep() {
    }

    static List<Route> routes(String service, ApplicationContext context) {
        List<String> publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        for (int i = 0; context.getEnvironment().containsProperty("madoguchi.security.public-paths[" + i + "]"); i++) {
            publicPaths.add(context.getEnvironment().getProperty("madoguchi.security.public-paths[" + i + "]"));
        }
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> entry : context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (PathPattern pattern : entry.getKey().getPatternsCondition().getPatterns()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    routes.add(new Route(service, method, pattern.getPatternString(), classify(pattern.getPatternString(), publicPaths)));
                }
            }
        }
        return routes;
    }

    static Scope classify(String pattern, List<String> publicPaths) {
        if (pattern.equals("/api/towns/{tenantId}") || pattern.startsWith("/api/towns/{tenantId}/")) {
            return Scope.TOWN;
        }
        if (pattern.startsWith("/api/operator/")) {
            return Scope.OPERATOR;
        }
        PathPatternParser parser = new PathPatternParser();
        // a concrete example of the route, with every variable filled, checked against the public patterns
        PathContainer example = PathContainer.parsePath(pattern.replaceAll("\\{[^}]+}", "x"));
        for (String open : publicPaths) {
            if (parser.parse(open).matches(example)) {
                return Scope.PUBLIC;
            }
        }
        return Scope.UNSCOPED;
    }

    /** The route with {tenantId} set to {@code town} and any other variable to a harmless placeholder. */
    static String instantiate(String pattern, String town) {
        return pattern.replace("{tenantId}", town).replaceAll("\\{fiscalYear}", "2025").replaceAll("\\{[^}]+}", "sweep");
    }
}

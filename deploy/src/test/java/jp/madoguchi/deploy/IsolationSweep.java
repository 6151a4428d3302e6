package jp.madoguchi.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * Sends town A's admin token at every town route of town B and every operator route, on every
 * service of a running launcher, and lists each answer that is not a refusal; and lists every
 * route that falls under no isolation scope at all.
 */
final class IsolationSweep {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IsolationSweep() {
    }

    static List<RouteSweep.Route> allRoutes(Launcher launcher) {
        List<RouteSweep.Route> routes = new ArrayList<>();
        for (Map.Entry<String, ConfigurableApplicationContext> service : launcher.contexts().entrySet()) {
            if (!service.getKey().equals("staff-portal")) { // the portal is sessions and pages, covered by the browser tests
                routes.addAll(RouteSweep.routes(service.getKey(), service.getValue()));
            }
        }
        return routes;
    }

    /** @return "METHOD url → status" for every town-B or operator route that town A's admin was not refused */
    static List<String> leaks(Launcher launcher, List<RouteSweep.Route> routes, String townA, String townB) {
        String tokenOfA = launcher.tokens().town(townA, jp.madoguchi.platform.security.Role.ADMIN);
        List<String> leaks = new ArrayList<>();
        for (RouteSweep.Route route : routes) {
            if (route.scope() != RouteSweep.Scope.TOWN && route.scope() != RouteSweep.Scope.OPERATOR) {
                continue;
            }
            URI uri = launcher.url(route.service()).resolve(RouteSweep.instantiate(route.pattern(), townB));
            int status = send(route.method(), uri, tokenOfA);
            if (status != 403 && status != 404) {
                leaks.add(route.method() + " " + uri + " → " + status);
            }
        }
        return leaks;
    }

    private static int send(RequestMethod method, URI uri, String token) {
        HttpRequest.BodyPublisher body = method == RequestMethod.GET || method == RequestMethod.DELETE || method == RequestMethod.HEAD
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method.name(), body).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

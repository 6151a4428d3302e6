package jp.madoguchi.conversation.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.madoguchi.conversation.counter.Said;
import jp.madoguchi.conversation.engine.ResidentInput;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The web chat at {@code /chat/{tenantId}} (public: {@code /chat/**} in {@code madoguchi.security.public-paths}):
 * the page, its script and style, and the JSON calls the page makes. State changes only through the
 * {@link WebChat} commands; every POST must pass {@link SameOrigin}. Messages to residents are Japanese.
 */
@RestController
class WebChatController {

    static final int MAX_TEXT = 1000;
    static final int MAX_VALUE = 300;
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final String CHAT_PAGE = resource("web-chat/chat.html");
    private static final String NOT_FOUND_PAGE = resource("web-chat/not-found.html");
    private static final String SCRIPT = resource("web-chat/chat.js");
    private static final String STYLE = resource("web-chat/chat.css");
    /** Only the page's own script, style and form posts; nothing inline, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(WebChatController.class);

    private final WebChat chat;
    private final WebPhotos photos;

    WebChatController(WebChat chat, WebPhotos photos) {
        this.chat = chat;
        this.photos = photos;
    }

    /** What the page sends for {@code start}. */
    record StartRequest(String procedureId) {
    }

    /**
     * What the page sends for one answer.
     *
     * @param kind text (typed, also an address at a location question) | choice (a button's value) | date (ISO date
     *             or date-time) | location (the browser's position)
     */
    record InputRequest(String kind, String text, String value, String date, Double latitude, Double longitude) {
    }

    @GetMapping("/chat/{tenantId}")
    Mono<ResponseEntity<String>> page(@PathVariable String tenantId, ServerWebExchange exchange) {
        return blocking(() -> {
            Optional<WebChat.Town> town = chat.town(tenantId);
            if (town.isEmpty()) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(HTML)
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).body(NOT_FOUND_PAGE);
            }
            resident(exchange);
            String page = CHAT_PAGE.replace("{{townName}}", HtmlUtils.htmlEscape(town.get().name()))
                    .replace("{{tenantId}}", town.get().tenant().code());
            return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noStore())
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).body(page);
        });
    }

    @GetMapping("/chat/assets/chat.js")
    ResponseEntity<String> script() {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8)).body(SCRIPT);
    }

    @GetMapping("/chat/assets/chat.css")
    ResponseEntity<String> style() {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8)).body(STYLE);
    }

    @GetMapping(value = "/chat/{tenantId}/conversation", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WebChat.ChatView> conversation(@PathVariable String tenantId, ServerWebExchange exchange) {
        return blocking(() -> chat.current(town(tenantId), resident(exchange)));
    }

    @PostMapping(value = "/chat/{tenantId}/start", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WebChat.ChatView> start(@PathVariable String tenantId, @RequestBody StartRequest request, ServerWebExchange exchange) {
        sameOrigin(exchange.getRequest());
        if (request.procedureId() == null || request.procedureId().isBlank() || request.procedureId().length() > MAX_VALUE) {
            throw problem(HttpStatus.BAD_REQUEST, "手続きを選んでください。");
        }
        return blocking(() -> chat.start(town(tenantId), resident(exchange), request.procedureId()));
    }

    @PostMapping(value = "/chat/{tenantId}/input", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WebChat.ChatView> input(@PathVariable String tenantId, @RequestBody InputRequest request, ServerWebExchange exchange) {
        sameOrigin(exchange.getRequest());
        Said input = residentInput(request);
        return blocking(() -> chat.input(town(tenantId), resident(exchange), input));
    }

    @PostMapping(value = "/chat/{tenantId}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WebChat.ChatView> photo(@PathVariable String tenantId, @RequestPart("photo") Mono<FilePart> photo, ServerWebExchange exchange) {
        sameOrigin(exchange.getRequest());
        if (exchange.getRequest().getHeaders().getContentLength() > WebPhotos.MAX_REQUEST_BYTES) {
            return Mono.error(problem(HttpStatus.PAYLOAD_TOO_LARGE, WebPhotos.TOO_LARGE));
        }
        // who and whether a photo is asked for first: nothing is read or stored for a question that wants none
        return blocking(() -> {
            WebChat.Town town = town(tenantId);
            WebResident resident = resident(exchange);
            photos.admit(town.tenant(), resident.residentId(town.tenant()), chat.asksForPhoto(town, resident));
            return new Caller(town, resident);
        }).flatMap(caller -> photo.flatMap(WebPhotos::read)
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.BAD_REQUEST, "写真を選んでください。")))
                .flatMap(received -> blocking(() -> {
                    String contentId = photos.store(caller.town().tenant(), caller.resident().residentId(caller.town().tenant()), received);
                    return chat.input(caller.town(), caller.resident(), new Said.Gave(new ResidentInput.Photo(contentId)));
                })));
    }

    private record Caller(WebChat.Town town, WebResident resident) {
    }

    /** The web chat's input as the counter hears it; malformed input is refused with what to do instead. */
    static Said residentInput(InputRequest request) {
        String kind = request.kind() == null ? "" : request.kind();
        switch (kind) {
            case "text":
                if (request.text() == null || request.text().length() > MAX_TEXT) {
                    throw problem(HttpStatus.BAD_REQUEST, "入力は" + MAX_TEXT + "文字までです。");
                }
                return new Said.Typed(request.text());
            case "choice":
                if (request.value() == null || request.value().isBlank() || request.value().length() > MAX_VALUE) {
                    throw problem(HttpStatus.BAD_REQUEST, "ボタンから選んでください。");
                }
                return new Said.Tapped(request.value());
            case "date":
                try {
                    String date = request.date() == null ? "" : request.date();
                    return new Said.Gave(date.contains("T") ? ResidentInput.DateTime.of(LocalDateTime.parse(date))
                            : ResidentInput.DateTime.of(LocalDate.parse(date)));
                } catch (DateTimeParseException e) {
                    throw problem(HttpStatus.BAD_REQUEST, "日付を選んでください。");
                }
            case "location":
                Double lat = request.latitude();
                Double lng = request.longitude();
                if (lat == null || lng == null || lat.isNaN() || lng.isNaN() || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
                    throw problem(HttpStatus.BAD_REQUEST, "場所がわかりませんでした。住所を入力してください。");
                }
                return new Said.Gave(new ResidentInput.Location(lat, lng, null));
            default:
                throw problem(HttpStatus.BAD_REQUEST, "入力の種類がわかりません。ページを開き直してください。");
        }
    }

    private WebChat.Town town(String tenantId) {
        return chat.town(tenantId).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "この町のオンライン窓口は見つかりません。町のホームページから開き直してください。"));
    }

    /** The resident the cookie names, or a new one (and the cookie that names it). */
    private static WebResident resident(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(WebResident.COOKIE);
        Optional<WebResident> known = WebResident.fromCookie(cookie == null ? null : cookie.getValue());
        if (known.isPresent()) {
            return known.get();
        }
        WebResident fresh = WebResident.fresh();
        boolean https = "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())
                || "https".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("X-Forwarded-Proto"));
        // a session cookie: on a shared computer, closing the browser ends the resident's access to their answers
        exchange.getResponse().addCookie(ResponseCookie.from(WebResident.COOKIE, fresh.webId())
                .httpOnly(true).sameSite("Lax").secure(https).path("/chat").build());
        return fresh;
    }

    private static void sameOrigin(ServerHttpRequest request) {
        if (!SameOrigin.check(request)) {
            throw problem(HttpStatus.FORBIDDEN, "このページからは送れません。町のオンライン窓口のページを開き直してください。");
        }
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.getBody());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        return problem(problem(HttpStatus.BAD_REQUEST, "送った内容が読めませんでした。ページを開き直してください。"));
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
        return problem(problem(HttpStatus.PAYLOAD_TOO_LARGE, WebPhotos.TOO_LARGE));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failed(RuntimeException e) {
        // the exception's message may quote what the resident sent: only its type is logged
        log.warn("event=web-chat-failed reason={}", e.getClass().getSimpleName());
        return problem(problem(HttpStatus.INTERNAL_SERVER_ERROR, "うまく受け付けられませんでした。しばらくしてから、もう一度ためしてください。"));
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return new ErrorResponseException(status, problem, null);
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        // commands and the town's published procedures are read with blocking calls: off the event loop
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static String resource(String path) {
        try (InputStream in = WebChatController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

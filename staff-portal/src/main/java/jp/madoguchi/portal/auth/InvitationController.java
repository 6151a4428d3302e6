package jp.madoguchi.portal.auth;

import jp.madoguchi.portal.web.ServiceException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/** Public page where an invited member sets a password with the code the admin handed over. */
@Controller
class InvitationController {

    static final int MIN_PASSWORD = 12;

    public record AcceptForm(String code, String password, String passwordConfirm) {
    }

    private final IdentityClient identity;

    public InvitationController(IdentityClient identity) {
        this.identity = identity;
    }

    @GetMapping("/invitation")
    public String form(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("minPassword", MIN_PASSWORD);
        return "portal/invitation";
    }

    @PostMapping("/invitation")
    public Mono<String> accept(@ModelAttribute AcceptForm form, Model model) {
        String code = form.code() == null ? "" : form.code().strip();
        model.addAttribute("code", code);
        model.addAttribute("minPassword", MIN_PASSWORD);
        if (code.isEmpty() || !code.matches("[A-Za-z0-9_-]{1,200}")) {
            model.addAttribute("error", "招待コードを正しく入力してください。");
            return Mono.just("portal/invitation");
        }
        if (form.password() == null || form.password().length() < MIN_PASSWORD) {
            model.addAttribute("error", "パスワードは" + MIN_PASSWORD + "文字以上にしてください。");
            return Mono.just("portal/invitation");
        }
        if (!form.password().equals(form.passwordConfirm())) {
            model.addAttribute("error", "確認用のパスワードが一致しません。");
            return Mono.just("portal/invitation");
        }
        return identity.acceptInvitation(code, form.password())
                .then(Mono.fromSupplier(() -> {
                    model.addAttribute("accepted", true);
                    return "portal/invitation";
                }))
                .onErrorResume(ServiceException.class, e -> {
                    model.addAttribute("error", e.status() == 400
                            ? "パスワードが条件を満たしていません。" + (e.detail() == null ? "" : "（" + e.detail() + "）")
                            : e.status() >= 400 && e.status() < 500
                            ? "招待コードが無効か、有効期限が切れています。管理者に新しい招待を依頼してください。"
                            : "認証サービスに接続できません。しばらくしてからお試しください。");
                    return Mono.just("portal/invitation");
                })
                .onErrorResume(e -> !(e instanceof ServiceException), e -> {
                    model.addAttribute("error", "認証サービスに接続できません。しばらくしてからお試しください。");
                    return Mono.just("portal/invitation");
                });
    }
}

package dev.relationshipledger.query.ui;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The workspace's entry points. The pages themselves are static files (static/ui); the login page is rendered here
 * because its form carries the CSRF token, and works without JavaScript.
 */
@Controller
@Hidden
public class UiPagesController {

    @GetMapping({"/ui", "/ui/"})
    public String home() {
        return "redirect:/ui/index.html";
    }

    @GetMapping(path = "/ui/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String login(CsrfToken csrf, @RequestParam(required = false) String error,
                        @RequestParam(required = false) String logout) {
        String message = "";
        if (error != null) {
            message = "<p class=\"message error\" role=\"alert\" id=\"login-message\">Wrong user name or password.</p>";
        } else if (logout != null) {
            message = "<p class=\"message\" role=\"status\" id=\"login-message\">You are logged out.</p>";
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Log in · Relationship Ledger</title>
                <link rel="stylesheet" href="/ui/assets/app.css">
                </head>
                <body class="login-page">
                <main id="main" class="login">
                <h1>Relationship Ledger</h1>
                <p>Log in with your ledger user.</p>
                %s
                <form method="post" action="/ui/login" class="login-form">
                <label for="username">User name</label>
                <input id="username" name="username" type="text" autocomplete="username" required autofocus>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Log in</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(message, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}

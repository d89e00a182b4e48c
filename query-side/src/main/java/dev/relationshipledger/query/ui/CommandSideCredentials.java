package dev.relationshipledger.query.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The password a user logged in to the workspace with, kept in their server-side session so that the workspace can
 * call the command side (HTTP Basic) on their behalf: verification and evidence packs are the command side's, and it
 * knows no session of ours. Held only when {@code ledger.ui.command-side-url} is set; never written out (the holder
 * is not serializable and its field is transient), gone at logout or session expiry.
 */
final class CommandSideCredentials {

    static final String ATTRIBUTE = CommandSideCredentials.class.getName();

    private final transient String password;

    private CommandSideCredentials(String password) {
        this.password = password;
    }

    static void keep(HttpServletRequest request, String password) {
        HttpSession session = request.getSession(false);
        if (session != null && password != null) {
            session.setAttribute(ATTRIBUTE, new CommandSideCredentials(password));
        }
    }

    /** The Authorization header for this user, or null when the session holds no password (log in again). */
    static String basicAuthorization(HttpServletRequest request, String user) {
        HttpSession session = request.getSession(false);
        Object held = session == null ? null : session.getAttribute(ATTRIBUTE);
        if (!(held instanceof CommandSideCredentials credentials) || credentials.password == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + credentials.password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "CommandSideCredentials[****]";
    }
}

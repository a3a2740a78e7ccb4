package supervisor.itest.karaf;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Karaf's console as a user sees it, inside Karaf (the probe): logs in to the {@code karaf} JAAS
 * realm (etc/users.properties) and runs command lines in one headless session as that user, so the
 * command ACLs apply as they do over ssh.
 */
final class KarafShell {

    /** What one session printed, and the exception of the command line that failed (the last run), if any. */
    record Result(String output, Exception error) {

        boolean refused() {
            return error != null && error.getClass().getSimpleName().equals("CommandNotFoundException");
        }

        @Override
        public String toString() {
            return "output=[" + output + "] error=" + error;
        }
    }

    private final SessionFactory sessions;

    KarafShell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Logs in to the karaf realm as ssh would; a wrong password throws {@link LoginException}. */
    static Subject login(String user, String password) throws LoginException {
        LoginContext login = new LoginContext("karaf", callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        });
        login.login();
        return login.getSubject();
    }

    /**
     * Runs the command lines one after the other in one new session as {@code subject}, stopping at
     * the first that throws. On a thread of its own: bounded, and no Subject stays on the caller.
     */
    Result run(Subject subject, String... commandLines) throws Exception {
        PrivilegedExceptionAction<Result> inSession = () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, UTF_8);
            Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                for (String line : List.of(commandLines)) {
                    Object value = session.execute(line);
                    if (value != null) {
                        out.println(value);
                    }
                }
                return new Result(bytes.toString(UTF_8), null);
            } catch (Exception e) {
                return new Result(bytes.toString(UTF_8), e);
            } finally {
                session.close();
            }
        };
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> Subject.doAs(subject, inSession)).get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}

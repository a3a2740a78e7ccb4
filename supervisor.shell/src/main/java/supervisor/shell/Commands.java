package supervisor.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import supervisor.api.ServiceDescription;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * The {@code supervisor:} commands in plain Java: they check their arguments, find the supervisor
 * and the service, act through {@link SupervisorRuntime} and return what to print. Every failure,
 * bad input or a refusal of the supervisor, comes back as one line {@code supervisor:<command>:
 * <what and what was expected>}, never as an exception. Thread-safe: it keeps no state of its own;
 * the targets come from the supplier on each call.
 */
final class Commands {

    static final String LIST_USAGE = "supervisor:list [-s SUPERVISOR] [-a]";
    static final String INFO_USAGE = "supervisor:info [-s SUPERVISOR] [-a] NAME";
    static final String REFUSED_USAGE = "supervisor:refused [-s SUPERVISOR]";
    static final String RESET_USAGE = "supervisor:reset SUPERVISOR";

    private final Supplier<List<Target>> targets;
    private final Reconfigurer reconfigurer;

    /**
     * @param targets the registered supervisors, at the moment of the call
     * @param reconfigurer what {@code reset} re-applies a configuration with
     */
    Commands(Supplier<List<Target>> targets, Reconfigurer reconfigurer) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.reconfigurer = Objects.requireNonNull(reconfigurer, "reconfigurer");
    }

    /** A bad input or a refusal: its message is the one line the user sees after the command's name. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** A command body; any refusal or exception it throws becomes its one line. */
    @FunctionalInterface
    private interface Body {
        String run();
    }

    private static String run(String command, Body body) {
        try {
            return body.run();
        } catch (Refusal | IllegalArgumentException | IllegalStateException refused) {
            return "supervisor:" + command + ": " + Text.oneLine(refused.getMessage());
        } catch (RuntimeException unexpected) {
            return "supervisor:" + command + ": " + Text.error(unexpected);
        }
    }

    /** {@code supervisor:list}: every service of every supervisor (or of {@code supervisor}). */
    String list(String supervisor, boolean absolute, String... arguments) {
        return run("list", () -> {
            none(arguments, LIST_USAGE);
            List<SupervisorDescription> described = describe(chosen(supervisor));
            return described.isEmpty() ? "no supervisor is registered\n" : Views.list(described, absolute);
        });
    }

    /** {@code supervisor:info NAME}: one service's state, policy and history. */
    String info(String supervisor, boolean absolute, String... arguments) {
        return run("info", () -> {
            Located located = locate(one(arguments, "the service name", INFO_USAGE), supervisor);
            return Views.info(located.description, located.service,
                    located.target.runtime().history(located.service.name()), absolute);
        });
    }

    /** {@code supervisor:stop NAME}: stops a service by hand and waits, at most the shutdown timeout. */
    String stop(String supervisor, String... arguments) {
        return run("stop", () -> {
            Located located = locate(one(arguments, "the service name", usage("stop")), supervisor);
            String name = located.service.name();
            if (located.target.runtime().stop(name)) {
                return "stopped " + located + "; it stays stopped until supervisor:start " + name + "\n";
            }
            return "supervisor:stop: " + located + " did not end within the shutdown timeout ("
                    + located.description.settings().shutdownTimeout() + "); its thread still runs, and it will not be"
                    + " restarted when it ends\n";
        });
    }

    /** {@code supervisor:start NAME}: starts a service by hand that is not running. */
    String start(String supervisor, String... arguments) {
        return run("start", () -> {
            Located located = locate(one(arguments, "the service name", usage("start")), supervisor);
            return located.target.runtime().start(located.service.name()) ? "started " + located + "\n"
                    : located + " is already running\n";
        });
    }

    /** {@code supervisor:restart NAME}: restarts a service by hand, at once. */
    String restart(String supervisor, String... arguments) {
        return run("restart", () -> {
            Located located = locate(one(arguments, "the service name", usage("restart")), supervisor);
            located.target.runtime().restart(located.service.name());
            return "restarting " + located + "\n";
        });
    }

    /** {@code supervisor:refused}: the registrations every supervisor (or {@code supervisor}) refused, and why. */
    String refused(String supervisor, String... arguments) {
        return run("refused", () -> {
            none(arguments, REFUSED_USAGE);
            List<SupervisorDescription> described = describe(chosen(supervisor));
            return described.isEmpty() ? "no supervisor is registered\n" : Views.refused(described);
        });
    }

    /**
     * {@code supervisor:reset SUPERVISOR}: re-applies the configuration of a supervisor that ended
     * (escalated), which its adapter answers with a new engine.
     */
    String reset(String... arguments) {
        return run("reset", () -> {
            Target target = supervisor(one(arguments, "the supervisor name", RESET_USAGE));
            SupervisorDescription description = target.runtime().describe();
            if (description.state() != SupervisorDescription.State.ENDED) {
                throw new Refusal("supervisor '" + target.name() + "' has not ended (it is " + description.state()
                        + "); reset only starts again a supervisor that escalated or ended");
            }
            if (target.pid() == null) {
                throw new Refusal("supervisor '" + target.name() + "' has no configuration PID (no service.pid"
                        + " property) to re-apply; restart the bundle that registers it instead");
            }
            try {
                reconfigurer.reapply(target.pid());
            } catch (Exception failed) {
                throw new Refusal("could not re-apply configuration '" + target.pid() + "' of supervisor '"
                        + target.name() + "': " + Text.error(failed));
            }
            return "supervisor '" + target.name() + "': configuration '" + target.pid()
                    + "' re-applied; its adapter starts a new engine\n";
        });
    }

    static String usage(String command) {
        return "supervisor:" + command + " [-s SUPERVISOR] NAME";
    }

    // ---- arguments --------------------------------------------------------------------------------

    private static void none(String[] arguments, String usage) {
        List<String> given = given(arguments);
        if (!given.isEmpty()) {
            unknownOption(given, usage);
            throw new Refusal("takes no arguments, got " + shown(given) + "; usage: " + usage);
        }
    }

    private static String one(String[] arguments, String what, String usage) {
        List<String> given = given(arguments);
        unknownOption(given, usage);
        if (given.isEmpty()) {
            throw new Refusal("missing " + what + "; usage: " + usage);
        }
        if (given.size() > 1) {
            throw new Refusal("expected one argument, " + what + ", got " + given.size() + " " + shown(given)
                    + "; usage: " + usage);
        }
        if (given.get(0).isBlank()) {
            throw new Refusal("expected " + what + ", got a blank argument '" + given.get(0) + "'; usage: " + usage);
        }
        return given.get(0);
    }

    /** The arguments as a message lists them: blank ones quoted, so that they are seen. */
    private static String shown(List<String> given) {
        return given.stream().map(argument -> argument.isBlank() ? "'" + argument + "'" : argument).toList().toString();
    }

    private static void unknownOption(List<String> given, String usage) {
        for (String argument : given) {
            if (argument.length() > 1 && argument.startsWith("-")) {
                throw new Refusal("unknown option '" + argument + "'; usage: " + usage);
            }
        }
    }

    private static List<String> given(String[] arguments) {
        List<String> given = new ArrayList<>();
        if (arguments != null) {
            for (String argument : arguments) {
                given.add(argument == null || argument.isBlank() ? "" : Text.oneLine(argument)); // blank stays seen
            }
        }
        return given;
    }

    // ---- finding supervisors and services ---------------------------------------------------------

    /** The supervisor named so (if {@code name} is given), else every one. */
    private List<Target> chosen(String name) {
        return isBlank(name) ? targets.get() : List.of(supervisor(name));
    }

    private Target supervisor(String name) {
        List<Target> all = targets.get();
        for (Target target : all) {
            if (target.name().equals(name)) {
                return target;
            }
        }
        if (all.isEmpty()) {
            throw new Refusal("no supervisor named '" + Text.oneLine(name) + "': no supervisor is registered");
        }
        throw new Refusal("no supervisor named '" + Text.oneLine(name) + "'; supervisors are "
                + all.stream().map(Target::name).toList());
    }

    private static List<SupervisorDescription> describe(List<Target> chosen) {
        List<SupervisorDescription> described = new ArrayList<>();
        for (Target target : chosen) {
            described.add(target.runtime().describe());
        }
        return described;
    }

    /** A service found in one supervisor, with the description it was found in. */
    private static final class Located {
        final Target target;
        final SupervisorDescription description;
        final ServiceDescription service;

        Located(Target target, SupervisorDescription description, ServiceDescription service) {
            this.target = target;
            this.description = description;
            this.service = service;
        }

        @Override
        public String toString() {
            return "'" + service.name() + "' in supervisor '" + target.name() + "'";
        }
    }

    /**
     * The service named so: in the supervisor named {@code supervisor} if given, else in the one
     * supervisor that has a service of that name.
     */
    private Located locate(String service, String supervisor) {
        if (!isBlank(supervisor)) {
            Target target = supervisor(supervisor);
            SupervisorDescription description = target.runtime().describe();
            return find(target, description, service).orElseThrow(() -> new Refusal("no service named '" + service
                    + "' in supervisor '" + target.name() + "'; services are " + names(description)));
        }
        List<Target> all = targets.get();
        if (all.isEmpty()) {
            throw new Refusal("no service named '" + service + "': no supervisor is registered");
        }
        List<Located> found = new ArrayList<>();
        TreeSet<String> every = new TreeSet<>();
        for (Target target : all) {
            SupervisorDescription description = target.runtime().describe();
            every.addAll(names(description));
            find(target, description, service).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            throw new Refusal("no service named '" + service + "' in any supervisor; services are " + every);
        }
        if (found.size() > 1) {
            throw new Refusal("service '" + service + "' runs in several supervisors "
                    + found.stream().map(located -> located.target.name()).toList() + "; choose one with -s SUPERVISOR");
        }
        return found.get(0);
    }

    private static java.util.Optional<Located> find(Target target, SupervisorDescription description, String service) {
        return description.services().stream().filter(candidate -> candidate.name().equals(service)).findFirst()
                .map(candidate -> new Located(target, description, candidate));
    }

    private static List<String> names(SupervisorDescription description) {
        return description.services().stream().map(ServiceDescription::name).sorted().toList();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}

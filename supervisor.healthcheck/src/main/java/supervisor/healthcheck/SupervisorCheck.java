package supervisor.healthcheck;

import java.util.function.BooleanSupplier;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import supervisor.api.SupervisorDescription;
import supervisor.api.SupervisorRuntime;

/**
 * The Felix health check of one supervisor: {@link HealthRules#judge} on a fresh
 * {@link SupervisorRuntime#describe()}, one result log entry per verdict line. A supervisor that
 * cannot describe itself (its service gone under the check) is a {@code HEALTH_CHECK_ERROR} that
 * names the throwable's class only.
 */
final class SupervisorCheck implements HealthCheck {

    private final SupervisorRuntime runtime;
    private final BooleanSupplier showErrors;

    /**
     * @param runtime the supervisor to judge
     * @param showErrors read at each execution: whether lines may show throwables' messages
     */
    SupervisorCheck(SupervisorRuntime runtime, BooleanSupplier showErrors) {
        this.runtime = runtime;
        this.showErrors = showErrors;
    }

    @Override
    public Result execute() {
        SupervisorDescription description;
        try {
            description = runtime.describe();
        } catch (RuntimeException | LinkageError e) {
            return new Result(Result.Status.HEALTH_CHECK_ERROR,
                    "the supervisor could not be described: " + e.getClass().getName());
        }
        return result(HealthRules.judge(description, showErrors.getAsBoolean()));
    }

    /** The verdict as a Felix result: its status is the verdict's level, each line an entry. */
    static Result result(Verdict verdict) {
        ResultLog log = new ResultLog();
        for (Verdict.Line line : verdict.lines()) {
            log.add(new ResultLog.Entry(status(line.level()), line.text()));
        }
        return new Result(log);
    }

    static Result.Status status(Level level) {
        switch (level) {
            case OK:
                return Result.Status.OK;
            case WARN:
                return Result.Status.WARN;
            default:
                return Result.Status.CRITICAL;
        }
    }
}

/**
 * Felix Health Checks for supervisors. {@link supervisor.healthcheck.HealthRules} is the whole
 * judgement, a pure function from a {@link supervisor.api.SupervisorDescription} to a
 * {@link supervisor.healthcheck.Verdict}; {@link supervisor.healthcheck.SupervisorCheck} turns it
 * into a Felix {@code Result}; {@link supervisor.healthcheck.SupervisorHealthChecks} is the thin DS
 * component that registers one check per supervisor. Private: nothing here is exported.
 */
package supervisor.healthcheck;

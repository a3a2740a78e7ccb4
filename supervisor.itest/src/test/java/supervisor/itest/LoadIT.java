package supervisor.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.ServiceRegistration;
import supervisor.api.Service;
import supervisor.api.ServiceContext;
import supervisor.api.ServiceDescription;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;
import supervisor.api.SupervisorConstants;
import supervisor.api.SupervisorRuntime;

/**
 * Load on the whiteboard: {@value #DEFAULT_SERVICES} {@link Service} registrations registered and
 * unregistered by {@value #DEFAULT_THREADS} threads at once (properties
 * {@code supervisor.load.services} and {@code supervisor.load.threads} change the two), every 20th
 * service ending its runs every 20 to 83 ms so that it is restarted throughout, while one of the
 * threads updates the default supervisor's configuration through ConfigAdmin {@value #CONFIGURATIONS}
 * times, evenly spread over its steps (restart interval, shutdown timeout, history size, listener
 * backlog; the third update invalid). Each service counts its runs in progress. At the end: no
 * service ever had two runs at once, exactly the still registered ones run (each on one thread named
 * after it), no thread of an unregistered one is alive, and unregistering the rest leaves no thread
 * and no status.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoadIT extends OsgiTestSupport {

    static final int DEFAULT_SERVICES = 10_000;
    static final int DEFAULT_THREADS = 8;
    private static final int CYCLER_EVERY = 20;
    /** How many configuration updates the configuring thread makes, evenly spread over its steps. */
    private static final int CONFIGURATIONS = 12;
    /** How long the supervisor may take to settle once the load is over. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Inject
    @Filter("(supervisor.name=default)")
    SupervisorRuntime supervisor;

    /** Whether the cyclers still end their runs; cleared once the load is over, so that every service ends RUNNING. */
    private static volatile boolean cycling = true;

    @Configuration
    public Option[] config() {
        return framework("load");
    }

    @Test
    public void thousandsOfServicesRegisteredAndUnregisteredConcurrently_withConfigurationUpdates_runOnceEach_andExactlyTheRegisteredOnesRun()
            throws Exception {
        int count = Integer.getInteger("supervisor.load.services", DEFAULT_SERVICES);
        int threads = Integer.getInteger("supervisor.load.threads", DEFAULT_THREADS);
        cycling = true;
        configureDefault("PT0.01S", "PT10S");
        List<Counted> services = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            services.add(new Counted(String.format("load-%05d", i), i % CYCLER_EVERY == 0));
        }
        Map<String, ServiceRegistration<Service>> registered = new ConcurrentHashMap<>();
        AtomicInteger updates = new AtomicInteger();
        long start = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Counted> slice = services.subList(t * count / threads, (t + 1) * count / threads);
            boolean configures = t == 0;
            long seed = t;
            workers.add(pool.submit(() -> {
                churn(slice, registered, new SplittableRandom(seed), configures ? updates : null);
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long churned = System.nanoTime();
        configureDefault("PT0.01S", "PT10S"); // the last word: valid, and awaited
        cycling = false;

        Set<String> expected = new TreeSet<>(registered.keySet());
        long settledAt = 0;
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals(expected,
                    running(supervisor.statuses())));
            settledAt = System.nanoTime();
            List<ServiceDescription> described = supervisor.describe().services();
            assertEquals(expected, described.stream().map(ServiceDescription::name).collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(List.of(), described.stream().filter(d -> d.status() != Status.RUNNING).toList());
            // each registered one in its run, on exactly one thread named after it (a run is RUNNING just
            // before it calls the service, and the thread of an earlier run ends just after the run)
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertEquals(List.of(), services.stream().filter(s -> expected.contains(s.name) && s.active.get() != 1)
                        .map(s -> s.name + " " + s.active.get()).toList());
                assertEquals(expected.stream().map(name -> "default/" + name).toList(),
                        ThreadDump.take().namedFor("default", serviceNames(services)).names().stream().sorted().toList());
            });

            assertEquals("services that had two runs at once", List.of(), services.stream().filter(s -> s.maxActive.get() > 1)
                    .map(s -> s.name + " (" + s.maxActive.get() + ")").toList());
            assertEquals("unregistered services with a run in progress", List.of(), services.stream()
                    .filter(s -> !expected.contains(s.name) && s.active.get() != 0).map(s -> s.name).toList());
            assertEquals(List.of(), logged.stream().map(e -> e.getMessage()).filter(m -> m.contains("did not stop")).toList());
        } finally {
            long unregistering = System.nanoTime();
            registered.values().parallelStream().forEach(ServiceRegistration::unregister);
            Duration unregisteredIn = Duration.ofNanos(System.nanoTime() - unregistering);
            System.out.printf("LoadIT: %d services (%d cyclers), %d threads: registered and unregistered in %d ms with %d"
                    + " configuration updates (%d applied, %d rejected); %d left registered, all RUNNING %s ms after the"
                    + " churn, checked %d ms after it; %d runs in all; the %d left unregistered in %d ms%n",
                    count, count / CYCLER_EVERY, threads, ms(churned - start), updates.get(),
                    logged.stream().filter(e -> e.getMessage().startsWith("supervisor 'default' configured (")).count(),
                    logged.stream().filter(e -> e.getMessage().startsWith("supervisor 'default': configuration rejected")).count(),
                    expected.size(), settledAt == 0 ? "(never)" : Long.toString(ms(settledAt - churned)),
                    ms(unregistering - churned), services.stream().mapToInt(s -> s.runs.get()).sum(),
                    expected.size(), unregisteredIn.toMillis());
        }
        assertEquals(List.of(), supervisor.statuses().stream().filter(u -> u.serviceName().startsWith("load-")).toList());
        assertEquals("[]", ThreadDump.take().namedFor("default", serviceNames(services)).toString());
        assertEquals(List.of(), services.stream().filter(s -> s.active.get() != 0 || s.maxActive.get() > 1)
                .map(s -> s.name).toList());
    }

    /**
     * One thread's share: registers each of its services in turn, and after each registration, with
     * probability one half, unregisters one of its services still registered, chosen at random; if
     * {@code updates} is given, updates the configuration {@value #CONFIGURATIONS} times, evenly spread.
     */
    private void churn(List<Counted> slice, Map<String, ServiceRegistration<Service>> registered, SplittableRandom random,
            AtomicInteger updates) throws Exception {
        List<Counted> mine = new ArrayList<>();
        int step = 0;
        for (Counted service : slice) {
            registered.put(service.name, context.registerService(Service.class, service,
                    dictionary(SupervisorConstants.NAME, service.name)));
            mine.add(service);
            if (random.nextBoolean()) {
                Counted gone = mine.remove(random.nextInt(mine.size()));
                registered.remove(gone.name).unregister();
            }
            if (updates != null && ++step % Math.max(1, slice.size() / CONFIGURATIONS) == 0 && updates.get() < CONFIGURATIONS) {
                configure(updates.getAndIncrement());
            }
        }
    }

    /** The n-th configuration update: valid ones in turn, and an invalid one (rejected) as the third. */
    private void configure(int n) throws Exception {
        String[] intervals = {"PT0.005S", "20", "PT0.05S", "PT0.01S"};
        Object[] properties = n == 2
                ? new Object[] {SupervisorConstants.RESTART_INTERVAL, "-1"}
                : new Object[] {SupervisorConstants.RESTART_INTERVAL, intervals[n % intervals.length],
                    SupervisorConstants.SHUTDOWN_TIMEOUT, n % 2 == 0 ? "PT10S" : "PT5S",
                    SupervisorConstants.HISTORY_SIZE, Integer.toString(5 + n % 3 * 5),
                    SupervisorConstants.LISTENER_BACKLOG, Integer.toString(512 << (n % 2))};
        configAdmin.getConfiguration(SupervisorConstants.PID, "?").update(dictionary(properties));
    }

    private static Set<String> running(List<StatusUpdate> statuses) {
        return statuses.stream().filter(u -> u.serviceName().startsWith("load-") && u.status() == Status.RUNNING)
                .map(StatusUpdate::serviceName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> serviceNames(List<Counted> services) {
        return services.stream().map(s -> s.name).toList();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await();
    }

    /**
     * Counts its runs in progress (and the most there ever were) and its runs; a cycler ends each
     * run normally after 20 to 83 ms while {@link #cycling}, the others run until cancelled.
     */
    static final class Counted implements Service {
        final String name;
        final boolean cycles;
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();

        Counted(String name, boolean cycles) {
            this.name = name;
            this.cycles = cycles;
        }

        @Override
        public void run(ServiceContext context) throws InterruptedException {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            try {
                if (cycles && cycling) {
                    context.awaitCancellation(Duration.ofMillis(20 + (name.hashCode() & 63)));
                } else {
                    context.awaitCancellation();
                }
            } finally {
                active.decrementAndGet();
            }
        }
    }
}

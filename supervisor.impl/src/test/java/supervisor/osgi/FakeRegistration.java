package supervisor.osgi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * A whiteboard registration with no framework: an id, properties the test changes, an LDAP filter
 * match (evaluated by osgi.core's filter, on the properties only), and a service object that counts
 * how often it was got and given back. Thread-safe.
 */
final class FakeRegistration<S> implements Registration<S> {

    private final long id;
    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private volatile Supplier<S> object;
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger ungets = new AtomicInteger();

    FakeRegistration(long id, S object, Object... keyValues) {
        this.id = id;
        this.object = () -> object;
        properties.put("service.id", id);
        set(keyValues);
    }

    /** Sets properties (key, value, ...); a null value removes the key. */
    FakeRegistration<S> set(Object... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                properties.remove((String) keyValues[i]);
            } else {
                properties.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return this;
    }

    /** From now on, {@link #get()} calls this (which may return null, throw or block). */
    FakeRegistration<S> getting(Supplier<S> supplier) {
        object = supplier;
        return this;
    }

    int gets() {
        return gets.get();
    }

    int ungets() {
        return ungets.get();
    }

    /** Objects got and not given back. */
    int inUse() {
        return gets.get() - ungets.get();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    @Override
    public boolean matches(String filter) {
        try {
            return FrameworkUtil.createFilter(filter).matches(properties);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String bundle() {
        return "test.bundle [7]";
    }

    @Override
    public ClassLoader classLoader() {
        return null;
    }

    @Override
    public S get() {
        S got = object.get();
        if (got != null) {
            gets.incrementAndGet();
        }
        return got;
    }

    @Override
    public void unget(S got) {
        ungets.incrementAndGet();
    }
}

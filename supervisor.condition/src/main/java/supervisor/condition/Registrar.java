package supervisor.condition;

/** Registers condition services; in OSGi through a BundleContext, in tests a recorder. */
interface Registrar {

    /** Something registered, until unregistered. */
    @FunctionalInterface
    interface Registration {
        /** Unregisters it; once is enough, again does nothing. */
        void unregister();
    }

    /**
     * Registers a condition.
     *
     * @param conditionId its {@code osgi.condition.id}
     * @param supervisor the name of the supervisor it is about, or null for every supervisor
     */
    Registration register(String conditionId, String supervisor);
}

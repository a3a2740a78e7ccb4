package supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import supervisor.api.Reason;
import supervisor.api.Status;
import supervisor.api.StatusUpdate;

class SnapshotTest {

    private static StatusUpdate update(long id, Status status) {
        return new StatusUpdate(id, "s" + id, Instant.EPOCH, status, Reason.STARTED, null, 0, null, null);
    }

    @Test
    void randomChanges_matchASortedMap_andOlderSnapshotsNeverChange() {
        Random random = new Random(42);
        TreeMap<Long, StatusUpdate> model = new TreeMap<>();
        Snapshot snapshot = Snapshot.EMPTY;
        List<Snapshot> history = new ArrayList<>();
        List<List<StatusUpdate>> expectedHistory = new ArrayList<>();
        for (int step = 0; step < 5000; step++) {
            long id = random.nextInt(300);
            if (random.nextInt(4) == 0) {
                model.remove(id);
                snapshot = snapshot.without(id);
            } else {
                StatusUpdate update = update(id, Status.values()[random.nextInt(5)]);
                model.put(id, update);
                snapshot = snapshot.with(update);
            }
            assertThat(snapshot.size()).isEqualTo(model.size());
            if (step % 250 == 0) {
                history.add(snapshot);
                expectedHistory.add(List.copyOf(model.values()));
            }
        }
        assertThat(snapshot).containsExactlyElementsOf(model.values());
        for (int i = 0; i < model.size(); i++) {
            assertThat(snapshot.get(i)).isSameAs(new ArrayList<>(model.values()).get(i));
        }
        for (long id = 0; id < 300; id++) {
            assertThat(snapshot.find(id)).isSameAs(model.get(id));
        }
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i)).containsExactlyElementsOf(expectedHistory.get(i));
        }
    }

    @Test
    void manyServices_replacingOne_leavesTheOlderSnapshotIntact() {
        Snapshot snapshot = Snapshot.EMPTY;
        for (long id = 0; id < 100_000; id++) {
            snapshot = snapshot.with(update(id, Status.RUNNING));
        }
        StatusUpdate replaced = update(50_000, Status.ERROR);
        Snapshot next = snapshot.with(replaced);
        assertThat(next.get(50_000)).isSameAs(replaced);
        assertThat(snapshot.get(50_000).status()).isEqualTo(Status.RUNNING);
        assertThat(next.size()).isEqualTo(100_000);
    }

    @Test
    void withAll_onTheEmptySnapshot_listsEveryUpdateInIdOrder_andStaysATreeForLaterChanges() {
        List<StatusUpdate> updates = new ArrayList<>();
        TreeMap<Long, StatusUpdate> model = new TreeMap<>();
        for (long id = 0; id < 1000; id++) {
            StatusUpdate update = update(id * 3, Status.IDLE);
            updates.add(update);
            model.put(id * 3, update);
        }

        Snapshot snapshot = Snapshot.EMPTY.withAll(updates);

        assertThat(snapshot).containsExactlyElementsOf(updates);
        Random random = new Random(7);
        for (int step = 0; step < 3000; step++) {
            long id = random.nextInt(3000);
            if (random.nextBoolean()) {
                model.remove(id);
                snapshot = snapshot.without(id);
            } else {
                StatusUpdate update = update(id, Status.RUNNING);
                model.put(id, update);
                snapshot = snapshot.with(update);
            }
        }
        assertThat(snapshot).containsExactlyElementsOf(model.values());
        for (long id = 0; id < 3000; id++) {
            assertThat(snapshot.find(id)).isSameAs(model.get(id));
        }
    }

    @Test
    void withAll_ofIdsOutOfOrderOrRepeated_isTheSameAsOneWithEach() {
        StatusUpdate first = update(5, Status.IDLE);
        StatusUpdate later = update(5, Status.RUNNING);
        List<StatusUpdate> updates = List.of(update(9, Status.IDLE), first, update(2, Status.IDLE), later);

        Snapshot snapshot = Snapshot.EMPTY.withAll(updates);

        assertThat(snapshot).extracting(StatusUpdate::serviceId).containsExactly(2L, 5L, 9L);
        assertThat(snapshot.find(5)).isSameAs(later);
    }

    @Test
    void withAll_onASnapshotThatListsServices_keepsThemAndAddsTheUpdates() {
        Snapshot before = Snapshot.EMPTY.with(update(4, Status.RUNNING));

        Snapshot after = before.withAll(List.of(update(1, Status.IDLE), update(8, Status.IDLE)));

        assertThat(after).extracting(StatusUpdate::serviceId).containsExactly(1L, 4L, 8L);
        assertThat(before).hasSize(1);
        assertThat(Snapshot.EMPTY.withAll(List.of())).isSameAs(Snapshot.EMPTY);
    }

    @Test
    void isImmutable() {
        Snapshot snapshot = Snapshot.EMPTY.with(update(1, Status.IDLE));
        assertThatThrownBy(() -> snapshot.add(update(2, Status.IDLE))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.set(0, update(2, Status.IDLE))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void without_anAbsentId_returnsTheSameSnapshot() {
        Snapshot snapshot = Snapshot.EMPTY.with(update(1, Status.IDLE));
        assertThat(snapshot.without(7)).isSameAs(snapshot);
    }
}

package supervisor.core;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import supervisor.api.StatusUpdate;

/**
 * The latest update of every service, ordered by service id: an immutable list backed by a
 * persistent AVL tree. {@link #with} and {@link #without} return a new snapshot in O(log n) and
 * share every untouched node with this one, so publishing a change never copies the list, and a
 * listener may keep any snapshot it was given for as long as it likes.
 */
final class Snapshot extends AbstractList<StatusUpdate> {

    static final Snapshot EMPTY = new Snapshot(null);

    private final Node root;

    private Snapshot(Node root) {
        this.root = root;
    }

    /** This snapshot with {@code update} as the latest update of its service. */
    Snapshot with(StatusUpdate update) {
        Objects.requireNonNull(update, "update");
        return new Snapshot(put(root, update.serviceId(), update));
    }

    /**
     * This snapshot with every one of {@code updates}, in O(n) when this one is empty and their
     * ids strictly increase (a perfectly balanced tree is built at once, one node per update), else
     * one {@link #with} each.
     */
    Snapshot withAll(List<StatusUpdate> updates) {
        if (root != null || !strictlyIncreasing(updates)) {
            Snapshot next = this;
            for (StatusUpdate update : updates) {
                next = next.with(update);
            }
            return next;
        }
        return updates.isEmpty() ? this : new Snapshot(balanced(updates, 0, updates.size()));
    }

    private static boolean strictlyIncreasing(List<StatusUpdate> updates) {
        long previous = Long.MIN_VALUE;
        boolean first = true;
        for (StatusUpdate update : updates) {
            long id = Objects.requireNonNull(update, "update").serviceId();
            if (!first && id <= previous) {
                return false;
            }
            previous = id;
            first = false;
        }
        return true;
    }

    /** The balanced tree of {@code updates[from, to)}, sorted by id: the middle one at the root. */
    private static Node balanced(List<StatusUpdate> updates, int from, int to) {
        if (from >= to) {
            return null;
        }
        int middle = (from + to) >>> 1;
        StatusUpdate update = updates.get(middle);
        return new Node(update.serviceId(), update, balanced(updates, from, middle), balanced(updates, middle + 1, to));
    }

    /** This snapshot without the service {@code id}; this one if it has no such service. */
    Snapshot without(long id) {
        Node next = remove(root, id);
        return next == root ? this : new Snapshot(next);
    }

    /** The latest update of the service {@code id}, or null. */
    StatusUpdate find(long id) {
        Node node = root;
        while (node != null) {
            if (id == node.key) {
                return node.value;
            }
            node = id < node.key ? node.left : node.right;
        }
        return null;
    }

    @Override
    public StatusUpdate get(int index) {
        Objects.checkIndex(index, size());
        Node node = root;
        while (true) {
            int leftSize = size(node.left);
            if (index < leftSize) {
                node = node.left;
            } else if (index == leftSize) {
                return node.value;
            } else {
                index -= leftSize + 1;
                node = node.right;
            }
        }
    }

    @Override
    public int size() {
        return size(root);
    }

    @Override
    public Iterator<StatusUpdate> iterator() {
        return new InOrder(root);
    }

    private static final class Node {
        final long key;
        final StatusUpdate value;
        final Node left;
        final Node right;
        final int height;
        final int size;

        Node(long key, StatusUpdate value, Node left, Node right) {
            this.key = key;
            this.value = value;
            this.left = left;
            this.right = right;
            this.height = 1 + Math.max(height(left), height(right));
            this.size = 1 + size(left) + size(right);
        }
    }

    private static int height(Node node) {
        return node == null ? 0 : node.height;
    }

    private static int size(Node node) {
        return node == null ? 0 : node.size;
    }

    private static Node put(Node node, long key, StatusUpdate value) {
        if (node == null) {
            return new Node(key, value, null, null);
        }
        if (key == node.key) {
            return new Node(key, value, node.left, node.right);
        }
        return key < node.key
                ? balance(node.key, node.value, put(node.left, key, value), node.right)
                : balance(node.key, node.value, node.left, put(node.right, key, value));
    }

    private static Node remove(Node node, long key) {
        if (node == null) {
            return null;
        }
        if (key < node.key) {
            Node left = remove(node.left, key);
            return left == node.left ? node : balance(node.key, node.value, left, node.right);
        }
        if (key > node.key) {
            Node right = remove(node.right, key);
            return right == node.right ? node : balance(node.key, node.value, node.left, right);
        }
        if (node.left == null) {
            return node.right;
        }
        if (node.right == null) {
            return node.left;
        }
        Node successor = node.right;
        while (successor.left != null) {
            successor = successor.left;
        }
        return balance(successor.key, successor.value, node.left, remove(node.right, successor.key));
    }

    private static Node balance(long key, StatusUpdate value, Node left, Node right) {
        int diff = height(left) - height(right);
        if (diff > 1) {
            if (height(left.left) < height(left.right)) {
                left = rotateLeft(left);
            }
            return rotateRight(key, value, left, right);
        }
        if (diff < -1) {
            if (height(right.right) < height(right.left)) {
                right = rotateRight(right);
            }
            return rotateLeft(key, value, left, right);
        }
        return new Node(key, value, left, right);
    }

    private static Node rotateRight(Node node) {
        return rotateRight(node.key, node.value, node.left, node.right);
    }

    private static Node rotateRight(long key, StatusUpdate value, Node left, Node right) {
        return new Node(left.key, left.value, left.left, new Node(key, value, left.right, right));
    }

    private static Node rotateLeft(Node node) {
        return rotateLeft(node.key, node.value, node.left, node.right);
    }

    private static Node rotateLeft(long key, StatusUpdate value, Node left, Node right) {
        return new Node(right.key, right.value, new Node(key, value, left, right.left), right.right);
    }

    /** Walks the tree in key order with a stack of at most its height. */
    private static final class InOrder implements Iterator<StatusUpdate> {
        private final ArrayDeque<Node> path = new ArrayDeque<>();

        InOrder(Node root) {
            descendLeft(root);
        }

        private void descendLeft(Node node) {
            for (Node n = node; n != null; n = n.left) {
                path.push(n);
            }
        }

        @Override
        public boolean hasNext() {
            return !path.isEmpty();
        }

        @Override
        public StatusUpdate next() {
            if (path.isEmpty()) {
                throw new NoSuchElementException();
            }
            Node node = path.pop();
            descendLeft(node.right);
            return node.value;
        }
    }
}

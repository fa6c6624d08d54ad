package dev.twin.cdk;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems so that all of them are reported together, not one at a time. */
final class Problems {

    private final List<String> list = new ArrayList<>();

    Problems add(String problem) {
        list.add(problem);
        return this;
    }

    Problems check(boolean ok, String problem) {
        if (!ok) {
            list.add(problem);
        }
        return this;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws one {@link InvalidTwinPropsException} listing every problem, if there is any. */
    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidTwinPropsException(list);
        }
    }
}

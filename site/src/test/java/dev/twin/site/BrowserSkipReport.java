package dev.twin.site;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests that {@code -Dtwin.skipBrowserTests} skipped and ends the run with a warning
 * that says how many (a skip the user asked for is still never silent).
 */
public final class BrowserSkipReport implements TestExecutionListener {

    private final AtomicLong skipped = new AtomicLong();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.set(0);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean browserSkip =
                result.getStatus() == TestExecutionResult.Status.ABORTED
                        && result.getThrowable()
                                .map(Throwable::getMessage)
                                .filter(m -> m != null && m.startsWith(Chromium.SKIPPED))
                                .isPresent();
        if (!browserSkip) {
            return;
        }
        // a class aborted in @BeforeAll skips all its tests, which then are never reported one by
        // one
        long tests =
                id.isTest()
                        ? 1
                        : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
        skipped.addAndGet(Math.max(tests, 1));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        long n = skipped.get();
        if (n > 0) {
            System.out.println(
                    "[WARNING] "
                            + n
                            + " browser test"
                            + (n == 1 ? "" : "s")
                            + " skipped because -D"
                            + Chromium.SKIP_PROPERTY
                            + " is set and chromium is not installed at "
                            + Chromium.EXECUTABLE
                            + " (install it with `apt-get install -y chromium`)");
        }
    }
}

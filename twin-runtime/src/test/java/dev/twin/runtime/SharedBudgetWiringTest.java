package dev.twin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.adapter.local.LocalBudgetStore;
import dev.twin.runtime.limit.DailyBudget;
import dev.twin.runtime.limit.DailyLimitReachedException;
import dev.twin.runtime.limit.SharedDailyBudget;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which daily budget the environment wires: shared through a named store, else per process. */
class SharedBudgetWiringTest {

    @TempDir Path memoryDir;

    @Test
    void aNamedMemoryDirectory_sharesOneBudget_betweenTwoWirings() {
        Map<String, String> env =
                Map.of(
                        RuntimeEnv.MEMORY_DIR, memoryDir.toString(),
                        RuntimeEnv.DAILY_MODEL_CALLS, "3",
                        RuntimeEnv.DAILY_BUDGET_LEASE, "1");
        Wiring a = Wiring.fromEnvironment(env);
        Wiring b = Wiring.fromEnvironment(env);

        assertThat(a.budget()).isInstanceOf(SharedDailyBudget.class);
        assertThat(a.budgetStore()).isInstanceOf(LocalBudgetStore.class);
        a.budget().reserveCall();
        b.budget().reserveCall();
        a.budget().reserveCall();
        assertThatThrownBy(() -> b.budget().reserveCall())
                .isInstanceOf(DailyLimitReachedException.class);
    }

    @Test
    void withoutABucketOrANamedDirectory_theBudgetIsPerProcess() {
        Wiring w = Wiring.fromEnvironment(Map.of());

        assertThat(w.budget()).isInstanceOf(DailyBudget.class);
        assertThat(w.budgetStore()).isNull();
    }

    @Test
    void anOriginSecretArn_turnsTheLambdaLockOn_butNeedsNoAwsAtStartup() {
        // the dev server never applies the lock; wiring it must not need a region or credentials
        Wiring w =
                Wiring.fromEnvironment(
                        Map.of(
                                RuntimeEnv.ORIGIN_SECRET_ARN,
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:twin-origin"));

        assertThat(w.originLock().isOn()).isTrue();
        assertThat(Wiring.fromEnvironment(Map.of()).originLock().isOn()).isFalse();
    }

    @Test
    void aBadLease_failsAtStartup_namingTheVariable() {
        assertThatThrownBy(
                        () ->
                                Wiring.fromEnvironment(
                                        Map.of(
                                                RuntimeEnv.MEMORY_DIR,
                                                memoryDir.toString(),
                                                RuntimeEnv.DAILY_BUDGET_LEASE,
                                                "0")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_DAILY_BUDGET_LEASE");
    }
}

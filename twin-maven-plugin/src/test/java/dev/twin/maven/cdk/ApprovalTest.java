package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.TwinEnvironment;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalTest {

    static Stream<Arguments> cases() {
        Map<String, String> none = Map.of();
        Map<String, String> ci = Map.of("CI", "true");
        return Stream.of(
                // env, -Dtwin.approve, interactive (not -B), terminal, environment, expected
                Arguments.of(TwinEnvironment.PROD, null, true, true, none, Approval.BROADENING),
                Arguments.of(TwinEnvironment.PROD, null, false, true, none, Approval.NEVER),
                Arguments.of(TwinEnvironment.PROD, null, true, false, none, Approval.NEVER),
                Arguments.of(TwinEnvironment.PROD, null, true, true, ci, Approval.NEVER),
                Arguments.of(TwinEnvironment.PROD, "never", true, true, none, Approval.NEVER),
                Arguments.of(
                        TwinEnvironment.PROD,
                        " Broadening ",
                        false,
                        false,
                        ci,
                        Approval.BROADENING),
                Arguments.of(TwinEnvironment.DEV, null, true, true, none, Approval.NEVER),
                Arguments.of(TwinEnvironment.STAGING, null, true, true, none, Approval.NEVER),
                Arguments.of(
                        TwinEnvironment.DEV, "broadening", true, true, none, Approval.BROADENING));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decide_asksOnlyInProdWithATerminal_unlessTold(
            TwinEnvironment env,
            String requested,
            boolean interactive,
            boolean terminal,
            Map<String, String> environment,
            Approval expected) {
        assertThat(Approval.decide(env, requested, interactive, terminal, environment))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void cliValue_isWhatTheCdkCliTakes(
            TwinEnvironment env,
            String requested,
            boolean interactive,
            boolean terminal,
            Map<String, String> environment,
            Approval expected) {
        assertThat(expected.cliValue()).isIn("never", "broadening");
    }

    @Test
    void decide_refusesAnUnknownValue_namingIt() {
        assertThatThrownBy(
                        () ->
                                Approval.decide(
                                        TwinEnvironment.PROD, "any-change", true, true, Map.of()))
                .isInstanceOf(InvalidStackConfigException.class)
                .hasMessageContaining("'any-change'")
                .hasMessageContaining("never or broadening");
    }
}

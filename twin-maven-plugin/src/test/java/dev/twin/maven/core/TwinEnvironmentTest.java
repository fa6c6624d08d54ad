package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TwinEnvironmentTest {

    @Test
    void parse_acceptsTheThreeEnvironments_caseInsensitive() {
        assertThat(TwinEnvironment.parse("dev")).isEqualTo(TwinEnvironment.DEV);
        assertThat(TwinEnvironment.parse(" Staging ")).isEqualTo(TwinEnvironment.STAGING);
        assertThat(TwinEnvironment.parse("PROD")).isEqualTo(TwinEnvironment.PROD);
    }

    @Test
    void parse_rejectsUnknown_withTheValueAndTheChoices() {
        assertThatThrownBy(() -> TwinEnvironment.parse("production"))
                .isInstanceOf(UnknownEnvironmentException.class)
                .hasMessageContaining("'production'")
                .hasMessageContaining("dev, staging, prod")
                .extracting(e -> ((UnknownEnvironmentException) e).value())
                .isEqualTo("production");
    }

    @Test
    void parse_rejectsBlank() {
        assertThatThrownBy(() -> TwinEnvironment.parse(" "))
                .isInstanceOf(UnknownEnvironmentException.class);
        assertThatThrownBy(() -> TwinEnvironment.parse(null))
                .isInstanceOf(UnknownEnvironmentException.class);
    }

    @Test
    void onlyProdIsProtected() {
        assertThat(TwinEnvironment.PROD.isProtected()).isTrue();
        assertThat(TwinEnvironment.DEV.isProtected()).isFalse();
        assertThat(TwinEnvironment.STAGING.isProtected()).isFalse();
    }
}

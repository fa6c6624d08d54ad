package dev.twin.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractNamesTest {

    @Test
    void everyNameIsListedInAll_andUnique() {
        assertThat(RuntimeEnv.ALL)
                .containsExactlyElementsOf(constants(RuntimeEnv.class))
                .doesNotHaveDuplicates()
                .allMatch(n -> n.matches("TWIN_[A-Z0-9_]+"));
        assertThat(StackOutputNames.ALL)
                .containsExactlyElementsOf(constants(StackOutputNames.class))
                .doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[A-Z][A-Za-z]+"));
        assertThat(CdkContextKeys.ALL)
                .containsExactlyElementsOf(constants(CdkContextKeys.class))
                .doesNotHaveDuplicates()
                .containsAll(CdkContextKeys.COST_GUARD)
                .allMatch(n -> n.matches("[a-z][A-Za-z]+"));
    }

    @Test
    void metricNamesAreUnique_andBucketPrefixesAreFolders() {
        assertThat(constants(RuntimeMetrics.class)).hasSize(13).doesNotHaveDuplicates();
        assertThat(constants(MemoryBucketLayout.class))
                .containsExactly("persona/", "conversations/", "budget/", "leads/", "unknown/")
                .allMatch(p -> p.endsWith("/"));
    }

    @Test
    void modelProvider_findsTheThreeIds_andNothingElse() {
        assertThat(ModelProvider.find(" OpenAI ")).contains(ModelProvider.OPENAI);
        assertThat(ModelProvider.find("bedrock")).contains(ModelProvider.BEDROCK);
        assertThat(ModelProvider.find("offline")).contains(ModelProvider.OFFLINE);
        assertThat(ModelProvider.find("anthropic")).isEmpty();
        assertThat(ModelProvider.find(null)).isEmpty();
        assertThat(ModelProvider.allowed()).isEqualTo("bedrock, openai, offline");
    }

    @Test
    void twinNames_acceptStackSafeNames_andBuildTheStackName() {
        assertThat(TwinNames.isValidTwinName("jane-doe2")).isTrue();
        assertThat(TwinNames.isValidTwinName("a".repeat(24))).isTrue();
        assertThat(List.of("", "Jane", "2jane", "jane-", "ja--ne", "a".repeat(25)))
                .noneMatch(TwinNames::isValidTwinName);
        assertThat(TwinNames.isValidTwinName(null)).isFalse();
        assertThat(TwinNames.stackName("ana", TwinEnvironment.STAGING))
                .isEqualTo("twin-ana-staging");
    }

    /** The values of the public static final String fields, in declaration order. */
    private static List<String> constants(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (f.getType() == String.class && Modifier.isStatic(m) && Modifier.isPublic(m)) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }
}

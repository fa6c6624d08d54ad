package dev.twin.cdk;

import java.util.List;

/**
 * Thrown when construct or stack props are invalid; carries every problem found, each with its fix.
 */
public final class InvalidTwinPropsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidTwinPropsException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in the order they were checked; each names the bad value and the fix.
     */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        StringBuilder sb =
                new StringBuilder("Invalid twin configuration (")
                        .append(problems.size())
                        .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}

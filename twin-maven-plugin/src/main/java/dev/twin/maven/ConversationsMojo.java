package dev.twin.maven;

import dev.twin.maven.owner.ConversationBrowser;
import dev.twin.maven.owner.ConversationSummary;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the twin's recent conversations (newest activity first), prints one as Markdown ({@code
 * -Dtwin.conversation=<id>}), or exports them all ({@code -Dtwin.export=<dir>}); from the deployed
 * stack's memory bucket, or with {@code -Dtwin.local} from what twin:run wrote.
 */
@Mojo(name = "conversations", threadSafe = true)
public class ConversationsMojo extends AbstractOwnerMojo {

    /** How many recent conversations to list. */
    @Parameter(property = TwinProperties.LIMIT, defaultValue = "20")
    protected int limit;

    /** Prints this conversation (its id) as a Markdown transcript. */
    @Parameter(property = TwinProperties.CONVERSATION)
    protected String conversation;

    /** Writes every conversation to this directory: one .md each and conversations.jsonl. */
    @Parameter(property = TwinProperties.EXPORT)
    protected File export;

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_CONVERSATIONS, defaultValue = "false")
    protected boolean skipConversations;

    @Override
    protected boolean isSkipped() {
        return skipConversations;
    }

    @Override
    protected void run() {
        withMemory(
                memory -> {
                    ConversationBrowser browser = new ConversationBrowser(memory);
                    if (conversation != null && !conversation.isBlank()) {
                        for (String line : browser.transcript(conversation).split("\n", -1)) {
                            getLog().info(line);
                        }
                        return;
                    }
                    if (export != null) {
                        int n = browser.export(export.toPath());
                        getLog().info(
                                        "Exported "
                                                + n
                                                + " conversation(s) from "
                                                + memory.describe()
                                                + " to "
                                                + export
                                                + " (one .md each, and conversations.jsonl)");
                        return;
                    }
                    List<ConversationSummary> recent = browser.recent(limit);
                    getLog().info(
                                    recent.size()
                                            + " recent conversation(s) in "
                                            + memory.describe()
                                            + ", newest first:");
                    for (ConversationSummary s : recent) {
                        getLog().info(
                                        String.format(
                                                "%s  started %s  last %s  %3d turn(s)  \"%s\"",
                                                s.id(),
                                                s.started(),
                                                s.lastActivity(),
                                                s.turns(),
                                                s.firstMessage()));
                    }
                    if (!recent.isEmpty()) {
                        getLog().info(
                                        "Read one: mvn twin:conversations -D"
                                                + TwinProperties.CONVERSATION
                                                + "=<id>");
                    }
                });
    }

    @Override
    protected String goal() {
        return "conversations";
    }
}

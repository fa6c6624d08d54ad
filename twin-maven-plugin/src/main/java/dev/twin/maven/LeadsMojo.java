package dev.twin.maven;

import dev.twin.maven.owner.LeadsReport;
import dev.twin.maven.owner.OwnerRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the contacts visitors left and the questions the twin could not answer, newest first, since
 * {@code -Dtwin.since} (default 7d).
 */
@Mojo(name = "leads", threadSafe = true)
public class LeadsMojo extends AbstractOwnerMojo {

    /** How far back: 30m, 24h, 7d, 2w. */
    @Parameter(property = TwinProperties.SINCE, defaultValue = "7d")
    protected String since;

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_LEADS, defaultValue = "false")
    protected boolean skipLeads;

    @Override
    protected boolean isSkipped() {
        return skipLeads;
    }

    @Override
    protected void run() {
        Duration window = LeadsReport.parseSince(since);
        withMemory(
                memory -> {
                    List<OwnerRecord> records =
                            new LeadsReport(memory, Clock.systemUTC()).since(window);
                    long contacts =
                            records.stream()
                                    .filter(r -> r.kind().equals(LeadsReport.CONTACT))
                                    .count();
                    getLog().info(
                                    contacts
                                            + " contact(s) and "
                                            + (records.size() - contacts)
                                            + " unanswered question(s) in the last "
                                            + since
                                            + " ("
                                            + memory.describe()
                                            + "), newest first:");
                    for (OwnerRecord r : records) {
                        getLog().info(LeadsReport.line(r));
                    }
                });
    }

    @Override
    protected String goal() {
        return "leads";
    }
}

package dev.twin.runtime.chat;

import dev.twin.runtime.observe.Log;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark (not a test): the reply guard's cost. Builds the index for a generated persona of the
 * given size (the cold path, once per persona version) and times {@link ReplyGuard#screen} per turn
 * for three replies: an offline-style answer quoting 3 persona sentences, a 2 KB answer in the
 * twin's own words, and an 8 KB leak that is withheld. Run by {@code twin-runtime/bench/guard.sh};
 * arguments: [persona KB] [calls per reply].
 */
public final class ReplyGuardBench {

    private ReplyGuardBench() {}

    public static void main(String[] args) {
        int personaKb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Log.redirect(
                new PrintStream(
                        OutputStream.nullOutputStream())); // withheld replies log a line each

        Persona persona = GuardFixtures.generated(personaKb * 1024, 42);
        String me = persona.me();
        long[] builds = new long[15];
        ReplyGuard guard = null;
        for (int i = 0; i < builds.length; i++) {
            long t = System.nanoTime();
            guard = ReplyGuard.of(persona, "Ana");
            builds[i] = System.nanoTime() - t;
        }
        Arrays.sort(builds);
        System.out.printf(
                Locale.ROOT,
                "persona: %d chars (%d KB); index build (once per persona version):"
                        + " first %.1f ms, median of %d %.1f ms%n",
                me.length(),
                personaKb,
                builds[builds.length - 1] / 1e6,
                builds.length,
                builds[builds.length / 2] / 1e6);

        int from = me.indexOf(". ", me.length() / 2) + 2;
        int end = from;
        for (int s = 0; s < 3; s++) {
            end = me.indexOf(". ", end + 1) + 1;
        }
        String offline =
                "(Offline mode: I'm answering from my notes, without an AI model.) "
                        + me.substring(from, end);
        StringBuilder own = new StringBuilder();
        while (own.length() < 2048) {
            own.append(
                    "Thanks for asking! I enjoy designing public gardens because people use them every day, and"
                            + " a good one needs less care each year. ");
        }
        int leakFrom =
                Math.max(0, Math.min(from, me.length() - 8192)); // a small persona leaks whole
        String leak = me.substring(leakFrom, Math.min(me.length(), leakFrom + 8192));
        ModelReply[] replies = {
            new ModelReply(offline, 1, 1),
            new ModelReply(own.toString(), 1, 1),
            new ModelReply(leak, 1, 1)
        };
        String[] names = {
            "offline answer, 3 quoted sentences", "own-words answer", "leak (withheld)"
        };

        for (int r = 0; r < replies.length; r++) {
            ModelReply reply = replies[r];
            boolean withheld = guard.screen(reply) != reply;
            long[] ns = new long[calls];
            for (int round = 0; round < 2; round++) { // round 0 warms the JIT up
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    guard.screen(reply);
                    ns[i] = System.nanoTime() - t;
                }
            }
            Arrays.sort(ns);
            System.out.printf(
                    Locale.ROOT,
                    "%-36s %5d chars, withheld=%-5s  us/turn: p50 %.1f  p99 %.1f  p99.9 %.1f"
                            + "  mean %.1f%n",
                    names[r],
                    reply.text().length(),
                    withheld,
                    pct(ns, 50),
                    pct(ns, 99),
                    pct(ns, 99.9),
                    Arrays.stream(ns).average().orElse(0) / 1e3);
        }
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }
}

package dev.twin.maven.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark launcher (not a test): runs a main class in its own class loader over the given class
 * path, as Maven runs a plugin in a class realm while the JVM's own class path holds only
 * plexus-classworlds. A fresh-JVM benchmark started with {@code java -cp <all jars> Main} pays
 * costs Maven never does: the JDK's first {@code http:} URL scans every jar of the system class
 * path for URL handler providers (~65-90 ms with the plugin's 70 jars). Usage: {@code java -cp
 * <this class's directory> dev.twin.maven.bench.PluginRealm <class path> <main class> <args>...}
 */
public final class PluginRealm {

    private PluginRealm() {}

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : args[0].split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        // Parent: the platform loader (the JDK), like a realm whose imports are only Maven's API
        // packages.
        ClassLoader realm =
                new URLClassLoader(
                        "plugin-realm",
                        urls.toArray(URL[]::new),
                        ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(realm);
        Method main = realm.loadClass(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}

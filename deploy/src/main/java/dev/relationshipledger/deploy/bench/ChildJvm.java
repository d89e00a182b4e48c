package dev.relationshipledger.deploy.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a JVM the benchmark starts beside itself, from its own class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * {@code java <jvmOptions> -cp <this JVM's class path> <mainClass>}, the arguments still to be added. Run from the
     * packaged jar, whose classes are nested, the main class is started through Spring Boot's launcher.
     */
    static List<String> command(String mainClass, String... jvmOptions) {
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath));
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.add("-Dloader.main=" + mainClass);
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(mainClass);
        }
        return command;
    }
}

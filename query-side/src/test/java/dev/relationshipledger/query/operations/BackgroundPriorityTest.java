package dev.relationshipledger.query.operations;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundPriorityTest {

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    @Test
    void aBackgroundThreadLowersItselfAndNoOtherThread() throws Exception {
        BackgroundPriority priority = new BackgroundPriority(10);
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread thread = priority.threads("background-test").newThread(() -> {
            try {
                int before = BackgroundPriority.niceness(THREAD_SELF);
                priority.lowerCurrentThread(); // a second time: nothing more happens
                seen.complete(new int[] {before, BackgroundPriority.niceness(THREAD_SELF)});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(thread.getName()).isEqualTo("background-test");
        assertThat(thread.isDaemon()).isTrue();
        thread.start();

        assertThat(seen.get(30, TimeUnit.SECONDS)).containsExactly(10, 10);
        assertThat(BackgroundPriority.niceness(THREAD_SELF)).isZero();
    }

    @Test
    void aThreadAlreadyNicerStaysAsItIs() throws Exception {
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        new BackgroundPriority(15).threads("nicer").newThread(() -> {
            try {
                new BackgroundPriority(5).lowerCurrentThread(); // renice 5 would need privileges from 15
                seen.complete(BackgroundPriority.niceness(THREAD_SELF));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        }).start();

        assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo(15);
    }

    @Test
    void nicenessZeroChangesNothing() throws Exception {
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        new BackgroundPriority(0).threads("same").newThread(() -> {
            try {
                seen.complete(BackgroundPriority.niceness(THREAD_SELF));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        }).start();

        assertThat(seen.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void theNicenessIsOneLinuxAccepts() {
        assertThatThrownBy(() -> new BackgroundPriority(20)).hasMessageContaining("0 (as requests) to 19, not 20");
        assertThatThrownBy(() -> new BackgroundPriority(-1)).hasMessageContaining("not -1");
    }

    @Test
    void readsTheNicenessFieldAfterAThreadNameWithSpacesAndParentheses() throws Exception {
        Path task = Files.createTempDirectory("task");
        Files.writeString(task.resolve("stat"),
                "4242 (Coordinator[a) b]) S 1 4242 4242 0 -1 4194368 50 0 0 0 3 1 0 0 39 19 1 0 100 0 0");

        assertThat(BackgroundPriority.niceness(task)).isEqualTo(19);
    }
}

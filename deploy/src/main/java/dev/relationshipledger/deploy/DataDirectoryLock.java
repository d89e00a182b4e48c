package dev.relationshipledger.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per embedded data directory. PostgreSQL's own {@code postmaster.pid} cannot tell a server whose
 * launcher was killed (an orphan to stop and take over) from the server of a launcher still running: both are alive.
 * This lock can: the operating system releases it when its process ends, {@code kill -9} included. It lives beside
 * the data directory ({@code postgres.lock} next to {@code postgres/}), since initdb wants an empty directory.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory's lock, or refuses to start when a running launcher holds it. */
    static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException("the data directory " + dataDirectory.getParent() + " is in use by a"
                    + " running ledger" + (holder.isEmpty() ? "" : " (process " + holder + ")")
                    + "; stop it first, or start this one with another LEDGER_DATA_DIR");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

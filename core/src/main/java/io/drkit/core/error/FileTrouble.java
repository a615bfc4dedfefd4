package io.drkit.core.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read or written, in words: Java's file exceptions carry their meaning in
 * their class name ({@code NoSuchFileException: /etc/drkit/key}), which an operator should never have
 * to read.
 */
public final class FileTrouble {

    private FileTrouble() {}

    /** "no such file or directory", "permission denied (user drkit)"...: what to say after the file's name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (user " + System.getProperty("user.name") + ")";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it exists already";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "the file system refused it";
        }
        return e.getMessage() != null ? e.getMessage() : "an I/O error";
    }

    /** "/etc/drkit/key: no such file or directory" for a file exception, otherwise null. */
    public static String said(Throwable t) {
        if (t instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(f);
        }
        return null;
    }
}

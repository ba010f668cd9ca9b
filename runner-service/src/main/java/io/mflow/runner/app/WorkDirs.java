package io.mflow.runner.app;

/** The attempts' work dirs on this host's disk. */
public interface WorkDirs {

    /** Removes the dir with everything in it; nothing when it is gone already or lies outside the jobs' root. */
    void remove(String workDir);
}

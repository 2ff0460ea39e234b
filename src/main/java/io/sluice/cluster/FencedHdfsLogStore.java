package io.sluice.cluster;

import java.io.IOException;
import java.util.Iterator;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import io.delta.storage.HDFSLogStore;

/** Delta's log store for local and HDFS paths, with the table's {@link CommitFence} checked before each commit file. */
public class FencedHdfsLogStore extends HDFSLogStore {

    public FencedHdfsLogStore(Configuration hadoopConf) {
        super(hadoopConf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf) throws IOException {
        if (!overwrite) {
            CommitFence.beforeWriting(path);
        }
        super.write(path, actions, overwrite, hadoopConf);
    }
}

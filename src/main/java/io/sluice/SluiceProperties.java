package io.sluice;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide settings. {@code dataDir} holds everything Sluice keeps on local disk by default:
 * the warehouse, the Derby metastore, the H2 ledger and the default file inbox.
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(@DefaultValue("./data") Path dataDir) {

    public Path resolve(String child) {
        return dataDir.toAbsolutePath().normalize().resolve(child);
    }
}

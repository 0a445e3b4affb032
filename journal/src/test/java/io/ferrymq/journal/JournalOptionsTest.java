package io.ferrymq.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class JournalOptionsTest {

    private final Path dir = Path.of("target", "unused");

    @Test
    void defaultsAreTheDocumentedOnes() {
        JournalOptions o = JournalOptions.builder(dir).build();
        assertThat(o.directory()).isEqualTo(dir);
        assertThat(o.fileSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(o.minFiles()).isEqualTo(2);
        assertThat(o.poolFiles()).isEqualTo(10);
        assertThat(o.compactMinFiles()).isEqualTo(10);
        assertThat(o.compactPercentage()).isEqualTo(30);
        assertThat(o.datasync()).isTrue();
        assertThat(o.bufferTimeoutNanos()).isEqualTo(500_000);
        assertThat(o.bufferSize()).isEqualTo(490 * 1024);
        assertThat(o.maxIO()).isEqualTo(500);
        assertThat(o.filePrefix()).isEqualTo("ferry");
        assertThat(o.fileExtension()).isEqualTo("fmq");
        assertThat(o.idBlockSize()).isEqualTo(10_000);
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    }

    @Test
    void buildNamesTheBadField() {
        assertThatThrownBy(() -> JournalOptions.builder(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directory");
        assertThatThrownBy(() -> JournalOptions.builder(dir).fileSize(1000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fileSize");
        assertThatThrownBy(() -> JournalOptions.builder(dir).minFiles(1).build())
                .hasMessageContaining("minFiles");
        assertThatThrownBy(() -> JournalOptions.builder(dir).compactPercentage(101).build())
                .hasMessageContaining("compactPercentage");
        assertThatThrownBy(() -> JournalOptions.builder(dir).bufferTimeoutNanos(0).build())
                .hasMessageContaining("bufferTimeoutNanos");
        assertThatThrownBy(() -> JournalOptions.builder(dir).fileSize(1024 * 1024).bufferSize(2024 * 1024).build())
                .hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> JournalOptions.builder(dir).maxIO(0).build())
                .hasMessageContaining("maxIO");
        assertThatThrownBy(() -> JournalOptions.builder(dir).filePrefix("a-b").build())
                .hasMessageContaining("filePrefix");
        assertThatThrownBy(() -> JournalOptions.builder(dir).fileExtension("").build())
                .hasMessageContaining("fileExtension");
        assertThatThrownBy(() -> JournalOptions.builder(dir).idBlockSize(1).build())
                .hasMessageContaining("idBlockSize");
    }
}

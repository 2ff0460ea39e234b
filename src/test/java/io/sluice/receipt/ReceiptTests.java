package io.sluice.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a receipt is made from the pipeline's counts and the write's, without Spark. */
class ReceiptTests {

    @Test
    void theRowsMissingBeforeTheWriteWentBelowTheWatermark() {
        Receipt receipt = Receipt.of(10, 5, 1, 2, 1, WrittenRows.inserted(5), 0);
        assertThat(receipt).isEqualTo(new Receipt(10, 1, 1, 2, 1, 5, 0, 0, 0, 0, true));
        assertThat(receipt.adds()).isTrue();
    }

    @Test
    void theRowsGivenThatTheWriteChangedNothingWithAreUnchanged() {
        Receipt receipt = Receipt.of(6, 5, 1, 0, 0, new WrittenRows(1, 2, 0, 1, 0), 3);
        assertThat(receipt).isEqualTo(new Receipt(6, 0, 1, 0, 0, 1, 2, 1, 1, 3, true));
    }

    @Test
    void supersededChangeEventsCountAsDuplicates() {
        Receipt receipt = Receipt.of(6, 6, 0, 0, 0, new WrittenRows(2, 0, 1, 0, 3), 0);
        assertThat(receipt).isEqualTo(new Receipt(6, 0, 3, 0, 0, 2, 0, 1, 0, 0, true));
    }

    @Test
    void aWriteCountingMoreRowsThanItWasGivenIsNotBalanced() {
        Receipt receipt = Receipt.of(3, 3, 0, 0, 0, new WrittenRows(2, 2, 0, 0, 0), 0);
        assertThat(receipt.balanced()).isFalse();
        assertThat(receipt.rowsUnchanged()).isEqualTo(-1);
    }

    @Test
    void aRunThatReadNothingHasAnEmptyReceipt() {
        assertThat(Receipt.NOTHING).isEqualTo(new Receipt(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true));
    }
}

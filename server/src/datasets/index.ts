// Dataset files (JSONL or JSON arrays): rows with their line and offset, read whole, streamed, peeked or summarized.
export { getField, type DatasetRow, type DatasetSpec } from './dataset-row';
export { datasetDigest } from './dataset-digest';
export { parseDatasetText, type ParseDatasetOptions } from './parse-dataset-text';
export { readDataset, type ReadDatasetOptions } from './read-dataset';
export { nodeDatasetFs, peekDataset, type DatasetFs, type DatasetPeek } from './peek-dataset';
export { summarizeDataset, SUMMARY_COUNT_BYTES, SUMMARY_HEAD_BYTES, type DatasetSummary } from './summarize-dataset';

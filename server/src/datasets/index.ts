// Datasets (JSONL, JSON arrays, Parquet, CSV/TSV, gzip or zstd text; one file, a folder or a glob of shards):
// rows with their line and offset, streamed, peeked or summarized.
export { getField, type DatasetRow, type DatasetSpec } from './dataset-row';
export { datasetDigest } from './dataset-digest';
export { detectFormat, formatFromName, type DatasetFormat, type FormatInfo } from './dataset-format';
export { listDatasetFiles, type DatasetFiles } from './dataset-files';
export { parseDatasetText, type ParseDatasetOptions } from './parse-dataset-text';
export { forEachDatasetRow, readDataset, type ReadDatasetOptions } from './read-dataset';
export { nodeDatasetFs, peekDataset, type DatasetFs, type DatasetPeek } from './peek-dataset';
export { summarizeDataset, SUMMARY_COUNT_BYTES, SUMMARY_HEAD_BYTES, type DatasetSummary } from './summarize-dataset';

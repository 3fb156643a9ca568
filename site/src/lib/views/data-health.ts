// The data health page's content: what loaded last night, what was quarantined or unreadable, data tests, unmapped lead sources.
import type { SiteData } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { anomaliesSentence, loadsSentence, missingExportsSentence, staleSentence, testsSentence, unmappedSentence, unmappedStatusSentence } from '../sentences-ops.ts';
import { cell, type Cell, type Table } from '../table.ts';

/** An export older than this many days is called out. */
export const STALE_AFTER_DAYS = 7;

function status(value: 'pass' | 'warn' | 'fail'): Cell {
  const words = { pass: 'passed', warn: 'warning', fail: 'failed' } as const;
  return { text: words[value], value, ...(value === 'pass' ? { tone: 'meets' as const } : { tone: 'below' as const }) };
}

/** Everything the data health page shows about the night. */
export function dataHealthView(data: SiteData) {
  const loads = data.health.filter((h) => h.check_kind === 'load');
  const tests = data.health.filter((h) => h.check_kind === 'test');
  const unmapped = data.health.filter((h) => h.check_kind === 'unmapped_lead_source');
  const anomalies = data.health.filter((h) => h.check_kind === 'anomaly');
  const missing = data.health.filter((h) => h.check_kind === 'missing_export');
  const unmappedStatuses = data.health.filter((h) => h.check_kind === 'unmapped_status');
  const exportNotes = data.health.filter((h) => h.check_kind === 'export_note');
  const name = (h: (typeof loads)[number]) => h.source_file ?? `${h.source ?? '?'} ${h.object ?? '?'}`;
  const sentences: Sentence[] = [
    loadsSentence({
      files: loads.length,
      read: loads.reduce((n, h) => n + (h.rows_read ?? 0), 0),
      loaded: loads.reduce((n, h) => n + (h.rows_loaded ?? 0), 0),
      quarantined: loads.reduce((n, h) => n + (h.rows_quarantined ?? 0), 0),
      unreadable: loads.filter((h) => h.error !== null).map(name),
    }),
    staleSentence(loads.filter((h) => (h.age_days ?? 0) > STALE_AFTER_DAYS).map((h) => ({ name: name(h), days: h.age_days ?? 0 })), STALE_AFTER_DAYS),
    testsSentence(tests.map((t) => ({ name: `${t.test_name ?? 'test'} on ${t.object ?? '?'}.${t.column_name ?? '?'}`, passed: t.status === 'pass' }))),
    anomaliesSentence(anomalies.map((a) => ({ name: a.test_name ?? 'anomaly', records: a.failures ?? 0, object: a.object ?? 'record', examples: a.examples }))),
    missingExportsSentence(missing.map((m) => ({ file: m.test_name ?? m.object ?? '?', source: m.source ?? '?', without: m.detail ?? '' }))),
    unmappedSentence(unmapped.map((u) => ({ value: u.test_name ?? '(empty)', people: u.failures ?? 0 }))),
    unmappedStatusSentence(unmappedStatuses.map((u) => ({ value: u.test_name ?? '(empty)', people: u.failures ?? 0, source: u.source ?? '?' }))),
  ];
  const loadTable: Table = {
    caption: 'Export files loaded by the night',
    note: 'For every file, rows read = rows loaded + rows quarantined. Quarantined rows keep their file, row number and reason in the lake.',
    columns: [
      { label: 'File', text: true, metric: 'export_load' },
      { label: 'Source', text: true },
      { label: 'Object', text: true },
      { label: 'Export date', text: true },
      { label: 'Age (days)' },
      { label: 'Rows read' },
      { label: 'Loaded' },
      { label: 'Quarantined' },
      { label: 'Result', text: true },
      { label: 'Why it could not be read', text: true },
    ],
    rows: loads.map((h) => [
      cell.text(name(h)),
      cell.text(h.source, null, 'unknown'),
      cell.text(h.object, null, 'unknown'),
      cell.text(h.export_date, null, 'unknown'),
      h.age_days === null ? cell.text('unknown') : { text: String(h.age_days), value: h.age_days },
      cell.count(h.rows_read),
      cell.count(h.rows_loaded),
      cell.count(h.rows_quarantined),
      status(h.status),
      cell.text(h.error, null, ''),
    ]),
    csvName: 'data-health-loads',
  };
  const testTable: Table = {
    caption: 'Data tests',
    columns: [{ label: 'Model', text: true, metric: 'data_test' }, { label: 'Test', text: true }, { label: 'Column', text: true }, { label: 'Failing rows' }, { label: 'Result', text: true }],
    rows: tests.map((t) => [cell.text(t.object, null, 'unknown'), cell.text(t.test_name, null, 'unknown'), cell.text(t.column_name, null, ''), cell.count(t.failures), status(t.status)]),
    csvName: 'data-health-tests',
  };
  const unmappedTable: Table = {
    caption: 'Lead source values that map to no source category',
    note: 'Add them to source_categories in the config so their people and opportunities stop counting as "unknown".',
    columns: [{ label: 'Lead source value', text: true, metric: 'unmapped_lead_source' }, { label: 'People' }],
    rows: unmapped.map((u) => [cell.text(u.test_name, null, '(empty)'), cell.count(u.failures)]),
    csvName: 'data-health-unmapped-lead-sources',
  };
  const findings = [...anomalies, ...missing, ...unmappedStatuses, ...exportNotes];
  const kindLabel = { anomaly: 'Data anomaly', missing_export: 'Missing file', unmapped_status: 'Unmapped status', export_note: 'Export file' } as Record<string, string>;
  const findingsTable: Table = {
    caption: 'Data anomalies, missing files, unmapped statuses and notes on export files',
    note: 'None of these stopped the night. Each row says what the night did with the records: which numbers leave them out, or what could not be counted.',
    columns: [
      { label: 'Kind', text: true, metric: 'data_anomaly' },
      { label: 'Finding', text: true },
      { label: 'Source', text: true },
      { label: 'Object', text: true },
      { label: 'Records' },
      { label: 'Example ids', text: true },
      { label: 'What the night did', text: true },
    ],
    rows: findings.map((f) => [
      cell.text(kindLabel[f.check_kind] ?? f.check_kind),
      // An export note names its file: "hubspot/deals.csv: "Create Date" is not in the file".
      cell.text(f.check_kind === 'export_note' ? `${f.source_file ?? '?'}: ${f.test_name ?? ''}` : f.test_name, null, '(empty)'),
      cell.text(f.source, null, ''),
      cell.text(f.object, null, ''),
      cell.count(f.failures, null, ''),
      cell.text(f.examples, null, ''),
      cell.text(f.detail, null, ''),
    ]),
    csvName: 'data-health-findings',
  };
  return {
    sentences, loadTable, testTable,
    findingsTable: findings.length > 0 ? findingsTable : null,
    unmappedTable: unmapped.length > 0 ? unmappedTable : null,
    unreadable: loads.filter((h) => h.error !== null).length,
  };
}

// One digest, three formats: plain text, an HTML email (inline styles, no scripts, no images) and Slack Block Kit.
// Links are the site's own addresses made absolute with delivery.site_url; CRM links are absolute already.
import { formatDateTime } from '../../site/src/lib/format.ts';
import { anchor } from '../../site/src/lib/metrics.ts';
import type { Part, Sentence } from '../../site/src/lib/sentence.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import type { Cell } from '../../site/src/lib/table.ts';
import { pages } from '../../site/src/lib/paths.ts';
import type { Digest, Fact } from './compose.ts';

/** The three renderings of one digest. */
export interface Rendered {
  text: string;
  html: string;
  slack: { text: string; blocks: unknown[] };
}

/** An address a reader can open from a mail or Slack: site paths under siteUrl, absolute ones as they are; null when there is no site address. */
export function absolute(href: string | null | undefined, siteUrl: string | null): string | null {
  if (!href) return null;
  if (/^https?:\/\//.test(href)) return href;
  if (!siteUrl || !href.startsWith('/')) return null;
  return `${siteUrl.replace(/\/+$/, '')}${href}`;
}

function partHref(part: Part, siteUrl: string | null): string | null {
  if (typeof part === 'string') return null;
  if ('href' in part && part.href) return absolute(part.href, siteUrl);
  if ('metric' in part) return absolute(pages.definition(anchor(part.metric)), siteUrl);
  return null;
}

function factLine(f: Fact): string {
  return `${f.label}: ${f.value} (target: ${f.target}; ${f.status}; ${f.change})`;
}

function rowText(cells: Cell[]): string {
  return cells.map((c) => c.text).filter((t) => t !== '').join(' · ');
}

/** The digest as plain text: verdict, numbers, the list, links. */
export function renderText(d: Digest, siteUrl: string | null): string {
  const lines = [`${d.company} · ${d.title} · as of ${formatDateTime(d.asOf)}`, ''];
  for (const s of d.verdict) lines.push(plain(s));
  lines.push('', 'Numbers');
  for (const f of d.facts) lines.push(`- ${factLine(f)}`);
  if (d.list) {
    lines.push('', `${d.list.table.caption} (${d.list.table.rows.length} of ${d.list.total})`);
    lines.push(`  ${d.list.table.columns.map((c) => c.label + (c.unit ? ` (${c.unit})` : '')).join(' · ')}`);
    for (const row of d.list.table.rows) {
      const crm = absolute(row[0]?.href, siteUrl);
      lines.push(`- ${rowText(row)}${crm ? `  ${crm}` : ''}`);
    }
    if (d.list.more) lines.push(`${d.list.more.text}: ${absolute(d.list.more.href, siteUrl) ?? d.list.more.href}`);
  }
  const links = d.links.map((l) => ({ text: l.text, url: absolute(l.href, siteUrl) })).filter((l) => l.url);
  if (links.length) {
    lines.push('', 'On the site');
    for (const l of links) lines.push(`- ${l.text}: ${l.url}`);
  }
  return `${lines.join('\n')}\n`;
}

const esc = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const LINK = 'color:#1f5fa8;text-decoration:underline';
const STATUS_COLOR: Record<string, string> = { 'on track': '#1d5e2a', 'off track': '#8a2b0c' };

function htmlSentence(s: Sentence, siteUrl: string | null): string {
  return s.map((part) => {
    const text = esc(typeof part === 'string' ? part : part.text);
    const href = partHref(part, siteUrl);
    return href ? `<a href="${esc(href)}" style="${LINK}">${text}</a>` : text;
  }).join('');
}

function htmlLink(text: string, href: string | null | undefined, siteUrl: string | null): string {
  const url = absolute(href, siteUrl);
  return url ? `<a href="${esc(url)}" style="${LINK}">${esc(text)}</a>` : esc(text);
}

/** The digest as an HTML email: inline styles only, no scripts, no images, readable as plain markup. */
export function renderHtml(d: Digest, siteUrl: string | null): string {
  const cellStyle = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top';
  const facts = d.facts
    .map((f) => `<tr><th scope="row" style="${cellStyle}">${htmlLink(f.label, f.href, siteUrl)}</th><td style="${cellStyle};font-weight:bold;white-space:nowrap">${esc(f.value)}</td>` +
      `<td style="${cellStyle}">${esc(f.target)}</td><td style="${cellStyle};white-space:nowrap;color:${STATUS_COLOR[f.status] ?? '#333'}">${esc(f.status)}</td><td style="${cellStyle}">${esc(f.change)}</td></tr>`)
    .join('\n');
  const list = d.list
    ? `<h2 style="font-size:16px;margin:24px 0 8px">${esc(d.list.table.caption)} (${d.list.table.rows.length} of ${d.list.total})</h2>
<table role="table" style="border-collapse:collapse;font-size:13px"><thead><tr>${d.list.table.columns.map((c) => `<th scope="col" style="${cellStyle}">${esc(c.label)}${c.unit ? `<br><span style="font-weight:normal">(${esc(c.unit)})</span>` : ''}</th>`).join('')}</tr></thead>
<tbody>${d.list.table.rows.map((row) => `<tr>${row.map((c) => `<td style="${cellStyle}">${htmlLink(c.text, c.href, siteUrl)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>
${d.list.more ? `<p>${htmlLink(d.list.more.text, d.list.more.href, siteUrl)}</p>` : ''}`
    : '';
  const links = d.links.filter((l) => absolute(l.href, siteUrl)).map((l) => htmlLink(l.text, l.href, siteUrl)).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.subject)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#222;background:#fff">
<div style="max-width:760px">
<p style="color:#555;font-size:13px;margin:0 0 8px">${esc(d.company)} · as of ${esc(formatDateTime(d.asOf))}</p>
<h1 style="font-size:20px;margin:0 0 12px">${esc(d.title)}</h1>
${d.verdict.map((s) => `<p style="font-size:15px;line-height:1.5;margin:0 0 8px">${htmlSentence(s, siteUrl)}</p>`).join('\n')}
<h2 style="font-size:16px;margin:24px 0 8px">Numbers</h2>
<table role="table" style="border-collapse:collapse;font-size:14px"><thead><tr><th scope="col" style="${cellStyle}">Number</th><th scope="col" style="${cellStyle}">Value</th><th scope="col" style="${cellStyle}">Target</th><th scope="col" style="${cellStyle}">Status</th><th scope="col" style="${cellStyle}">Change</th></tr></thead>
<tbody>${facts}</tbody></table>
${list}
${links ? `<p style="margin-top:24px">On the site: ${links}</p>` : ''}
</div></body></html>
`;
}

// Slack's mrkdwn escapes only these three.
const mrk = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function mrkLink(text: string, href: string | null | undefined, siteUrl: string | null): string {
  const url = absolute(href, siteUrl);
  return url ? `<${url}|${mrk(text)}>` : mrk(text);
}

// Slack caps a section's text at 3,000 characters: list rows go in as many sections as they need.
function chunks(lines: string[], max = 2900): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

/** The digest as a Slack incoming-webhook payload (Block Kit), with a plain-text fallback for notifications. */
export function renderSlack(d: Digest, siteUrl: string | null): Rendered['slack'] {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: d.title.slice(0, 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: mrk(`${d.company} · as of ${formatDateTime(d.asOf)}`) }] },
    section(d.verdict.map((s) => s.map((p) => mrkLink(typeof p === 'string' ? p : p.text, partHref(p, siteUrl), null)).join('')).join('\n\n')),
    { type: 'section', fields: d.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${mrkLink(f.label, f.href, siteUrl)}*\n${mrk(f.value)} (target: ${mrk(f.target)}; ${mrk(f.status)})\n${mrk(f.change)}` })) },
  ];
  if (d.list) {
    blocks.push({ type: 'divider' }, section(`*${mrk(d.list.table.caption)}* (${d.list.table.rows.length} of ${d.list.total})`));
    const rows = d.list.table.rows.map((row) => `• ${row.map((c, i) => (i === 0 ? mrkLink(c.text, c.href, siteUrl) : mrk(c.text))).filter((t) => t !== '').join(' · ')}`);
    for (const text of chunks(rows)) blocks.push(section(text));
    if (d.list.more) blocks.push(section(mrkLink(d.list.more.text, d.list.more.href, siteUrl)));
  }
  const links = d.links.filter((l) => absolute(l.href, siteUrl)).map((l) => mrkLink(l.text, l.href, siteUrl));
  if (links.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `On the site: ${links.join(' · ')}` }] });
  return { text: `${d.subject}`, blocks };
}

/** All three renderings of a digest. */
export function render(d: Digest, siteUrl: string | null): Rendered {
  return { text: renderText(d, siteUrl), html: renderHtml(d, siteUrl), slack: renderSlack(d, siteUrl) };
}

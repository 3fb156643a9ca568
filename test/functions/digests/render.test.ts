// The three renderings of a digest from the hand-made site data: readable text, an HTML email that is safe and
// self-contained, and Slack blocks within Slack's limits, all carrying the same numbers and links.
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../../site/src/lib/data.ts';
import { leadershipDigest, teamDigest } from '../../../functions/digests/compose.ts';
import { absolute, renderHtml, renderSlack, renderText } from '../../../functions/digests/render.ts';
import { FIXTURES } from '../../helpers/night.ts';

const data = loadSiteData(`${FIXTURES}site-data`);
const SITE = 'https://reports.example.com/';

describe('links', () => {
  it('make site paths absolute under the site address and keep CRM links as they are', () => {
    expect(absolute('/follow-up/', SITE)).toBe('https://reports.example.com/follow-up/');
    expect(absolute('https://northwind.example.com/lightning/r/Lead/1', SITE)).toBe('https://northwind.example.com/lightning/r/Lead/1');
    expect(absolute('/follow-up/', null)).toBeNull();
  });
});

describe('plain text', () => {
  it('puts the verdict first, then each number with its target and change, then the links', () => {
    const text = renderText(leadershipDigest(data), SITE);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Northwind Demo Ltd · Scorecard, October 2026 · as of 5 November 2026 at 02:00 UTC');
    expect(lines[2]).toMatch(/^Off track: sales followed up 79%/);
    expect(text).toContain('- MQLs, October: 412 (target: 400; on track; up 31 on September)');
    expect(text).toContain('- Follow-up: https://reports.example.com/follow-up/');
  });

  it('lists breaching leads with their CRM links', () => {
    const text = renderText(teamDigest(data, 'Inbound East'), SITE);
    expect(text).toContain('- 00Q000000000201EAA · no name · Silverline Health · Ben Okafor · Response, Disposition · 20 Oct 2026 10:00 UTC · 20 Oct 2026 14:00 UTC · 91 h · 16 days · Open - Not Contacted  https://northwind.example.com/lightning/r/Lead/00Q000000000201EAA');
  });
});

describe('HTML email', () => {
  const html = renderHtml(teamDigest(data, '<img src=x onerror=alert(1)>'), SITE);

  it('has no scripts, no images and no style sheets: every style is inline', () => {
    expect(html).not.toMatch(/<script|<img|<link|<style/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it("escapes a rep's name that looks like markup", () => {
    expect(html).toContain('Zoë &quot;Z&quot; O\'Brien &amp; &lt;b&gt;Co&lt;/b&gt;');
  });

  it('links each number in the verdict to its definition on the site', () => {
    const east = renderHtml(teamDigest(data, 'Inbound East'), SITE);
    expect(east).toContain('<a href="https://reports.example.com/definitions/#compliance" style="color:#1f5fa8;text-decoration:underline">81%</a>');
  });
});

describe('Slack blocks', () => {
  const slack = renderSlack(teamDigest(data, 'Inbound East'), SITE);
  const blocks = slack.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;

  it('opens with a header, the verdict, and the numbers as fields', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Follow-up, Inbound East' } });
    expect(blocks[2]!.text!.text).toMatch(/^Off track: Inbound East followed up <https:\/\/reports\.example\.com\/definitions\/#compliance\|81%>/);
    expect(blocks[3]!.fields!.map((f) => f.text.split('\n')[1])).toEqual([
      '81% (target: 90% within 4 business hours; off track)',
      '52 min (target: under 4 business hours; on track)',
      '75% (target: 90% within 16 business hours; off track)',
      '3 (target: none; off track)',
    ]);
  });

  it("escapes Slack's control characters and keeps every block within Slack's limits", () => {
    expect(JSON.stringify(slack)).toContain("Zoë's &lt;b&gt;Bistro&lt;/b&gt;");
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });
});

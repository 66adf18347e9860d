import type { KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import { LIMITS } from './limits';
import type { InputModal } from './modals';

// Test helper (not a test file): checks rendered output against Block Kit's
// documented limits and against the tokens we allow ourselves to write.

const ALLOWED_TOKEN =
  /^<(?:(?:https?:\/\/|mailto:)[^\s|<>]+(?:\|[^|<>]*)?|@[UWCDG][A-Z0-9]+|#[UWCDG][A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^|<>]+)>$/;

/**
 * Asserts mrkdwn holds only tokens we build (links, mentions of well-formed
 * ids, date tokens), only the three entities, raw `>` only as a quote marker,
 * and balanced code fences.
 */
export function expectSafeMrkdwn(text: string): void {
  const tokens = text.match(/<[^<>]*>/g) ?? [];
  for (const token of tokens) expect(token, `token ${token} in ${text.slice(0, 200)}`).toMatch(ALLOWED_TOKEN);
  const rest = text.replace(/<[^<>]*>/g, '');
  expect(rest, 'unpaired <').not.toContain('<');
  expect(rest.replace(/^>/gm, ''), 'raw > outside a quote marker').not.toContain('>');
  expect(text, 'bare & outside an entity').not.toMatch(/&(?!amp;|lt;|gt;)/);
  expect((text.match(/```/g) ?? []).length % 2, 'unbalanced code fence').toBe(0);
  expect(text, 'lone surrogate').not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

function expectText(object: unknown, max: number, where: string): void {
  const text = object as { type: string; text: string };
  expect(['plain_text', 'mrkdwn'], where).toContain(text.type);
  expect(text.text.length, `${where} length`).toBeGreaterThan(0);
  expect(text.text.length, `${where} length`).toBeLessThanOrEqual(max);
  if (text.type === 'mrkdwn') expectSafeMrkdwn(text.text);
}

/** Asserts every block and element limit we rely on, and safe mrkdwn everywhere. */
export function expectWithinLimits(message: { text: string; blocks: KnownBlock[] }): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  expectSafeMrkdwn(message.text);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const [index, block] of message.blocks.entries()) {
    const where = `block ${index} (${block.type})`;
    expect(block.block_id?.length ?? 0).toBeLessThanOrEqual(255);
    switch (block.type) {
      case 'header':
        expect(block.text.type).toBe('plain_text');
        expectText(block.text, LIMITS.headerText, where);
        break;
      case 'section':
        expect(block.fields).toBeUndefined();
        expectText(block.text, LIMITS.sectionText, where);
        break;
      case 'context':
        expect(block.elements.length).toBeGreaterThan(0);
        expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
        for (const element of block.elements) expectText(element, LIMITS.sectionText, where);
        break;
      case 'actions':
        expect(block.elements.length).toBeLessThanOrEqual(25);
        for (const element of block.elements) {
          expect(element.type).toBe('button');
          if (element.type !== 'button') continue;
          expectText(element.text, LIMITS.buttonText, `${where} button`);
          expect(element.action_id?.length ?? 0).toBeLessThanOrEqual(255);
          expect(element.value?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonValue);
          if (element.confirm) {
            expectText(element.confirm.title, LIMITS.confirmTitle, `${where} confirm title`);
            expectText(element.confirm.text, LIMITS.confirmText, `${where} confirm text`);
            expectText(element.confirm.confirm, LIMITS.confirmButton, `${where} confirm button`);
            expectText(element.confirm.deny, LIMITS.confirmButton, `${where} deny button`);
          }
        }
        break;
      case 'divider':
        break;
      case 'markdown':
        // 12 000 characters across every markdown block of the message; never a raw `<`.
        expect(message.blocks.reduce((total, other) => total + (other.type === 'markdown' ? other.text.length : 0), 0)).toBeLessThanOrEqual(12_000);
        expect(block.text.length, where).toBeGreaterThan(0);
        expect(block.text, where).not.toContain('<');
        break;
      case 'context_actions':
        expect(block.elements.length).toBeGreaterThan(0);
        expect(block.elements.length).toBeLessThanOrEqual(5);
        for (const element of block.elements) {
          if (element.type !== 'feedback_buttons') throw new Error(`unexpected ${where} element ${element.type}`);
          for (const button of [element.positive_button, element.negative_button]) {
            expectText(button.text, LIMITS.buttonText, `${where} feedback button`);
            expect(button.value.length).toBeGreaterThan(0);
            expect(button.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
            expect(button.accessibility_label?.length ?? 0).toBeLessThanOrEqual(75);
          }
        }
        break;
      default:
        throw new Error(`unexpected ${where}`);
    }
  }
}

/** Asserts the modal limits: 24-character titles and buttons, ≤ 100 blocks, metadata ≤ 3000. */
export function expectModalWithinLimits(view: InputModal): void {
  for (const text of [view.title, view.submit, view.close]) expectText(text, LIMITS.modalTitle, 'modal button or title');
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(3000);
  expect(view.callback_id?.length ?? 0).toBeLessThanOrEqual(255);
  for (const block of view.blocks) {
    expect(block.type).toBe('input');
    expectText(block.label, 2000, 'input label');
    if (block.hint) expectText(block.hint, 2000, 'input hint');
    const element = block.element;
    expect(['plain_text_input', 'checkboxes']).toContain(element.type);
    if (element.type === 'checkboxes') {
      expect(element.options.length).toBeLessThanOrEqual(10);
      for (const option of element.options) {
        expectText(option.text, LIMITS.optionText, 'checkbox option');
        if (option.description) expectText(option.description, LIMITS.optionText, 'checkbox description');
        expect(option.value?.length ?? 0).toBeLessThanOrEqual(150);
      }
    }
    if (element.type !== 'plain_text_input') continue;
    expect(element.max_length ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(LIMITS.inputMaxLength);
    expect(element.initial_value?.length ?? 0).toBeLessThanOrEqual(element.max_length ?? LIMITS.inputMaxLength);
  }
}

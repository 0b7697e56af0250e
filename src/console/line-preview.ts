// LINE message objects -> HTML that looks like the chat: Flex bubbles, text bubbles, quick reply chips.
import type { messagingApi } from '@line/bot-sdk';
import { type HtmlValue, html, join, type SafeHtml } from './html.ts';
import { consoleMessages } from './messages.ts';

const t = consoleMessages.linePreview;

type FlexComponent = messagingApi.FlexComponent;

/** LINE sizes we render; others fall back to the default size. */
const SIZES = new Set(['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl']);

function textClass(text: messagingApi.FlexText): string {
  const classes = ['flex-text'];
  if (text.size && SIZES.has(text.size)) classes.push(`size-${text.size}`);
  if (text.color) classes.push('muted');
  if (text.weight === 'bold') classes.push('bold');
  // A list row's marker keeps its own width (flex 0) while the item text takes the rest, as on LINE.
  if (text.flex === 0) classes.push('flex-none');
  return classes.join(' ');
}

function actionLabel(action: messagingApi.Action | undefined): string {
  return action && 'label' in action && typeof action.label === 'string' ? action.label : '';
}

function component(c: FlexComponent): SafeHtml {
  switch (c.type) {
    case 'box':
      return html`<div class="flex-box ${c.layout === 'horizontal' || c.layout === 'baseline' ? 'row' : 'column'}">${join(
        c.contents.map(component),
      )}</div>`;
    case 'text':
      return html`<p class="${textClass(c)}">${c.text ?? ''}</p>`;
    case 'button':
      return html`<span class="flex-button ${c.style ?? 'link'}" role="presentation">${actionLabel(c.action)}</span>`;
    case 'separator':
      return html`<hr class="flex-separator">`;
    default:
      return html``;
  }
}

function bubble(b: messagingApi.FlexBubble): SafeHtml {
  const block = (name: string, box: messagingApi.FlexBox | undefined): HtmlValue =>
    box ? html`<div class="bubble-${name}">${component(box)}</div>` : null;
  return html`<div class="flex-bubble">${block('header', b.header)}${block('body', b.body)}${block('footer', b.footer)}</div>`;
}

function message(m: messagingApi.Message): SafeHtml {
  if (m.type === 'text') return html`<div class="chat-text">${(m as messagingApi.TextMessage).text}</div>`;
  if (m.type === 'flex') {
    const flex = m as messagingApi.FlexMessage;
    const contents =
      flex.contents.type === 'bubble'
        ? bubble(flex.contents)
        : join((flex.contents as messagingApi.FlexCarousel).contents.map(bubble));
    return html`<div class="chat-flex" data-alt-text="${flex.altText}">${contents}</div>`;
  }
  return html`<div class="chat-text unsupported">${t.unsupported(m.type)}</div>`;
}

/** The messages a resident would receive, with the quick replies of the last one under them. */
export function renderLinePreview(messages: readonly messagingApi.Message[]): SafeHtml {
  const items = messages.at(-1)?.quickReply?.items ?? [];
  const chips = items.map((item) => html`<li class="quick-reply">${actionLabel(item.action)}</li>`);
  return html`<div class="line-chat" aria-label="${t.label}">${join(messages.map(message))}${
    chips.length > 0 ? html`<ul class="quick-replies" aria-label="${t.quickReplies}">${chips}</ul>` : null
  }</div>`;
}

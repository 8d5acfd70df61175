import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// CommonMark with raw HTML off: an author's <script> or <img onerror> stays text. The sanitiser
// after it is the second wall (links with javascript:, attributes a plugin might add).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], th: ['style'], td: ['style'], ol: ['start'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

/** Markdown from an author → HTML safe to show in any browser (no script, no event handler, no javascript: link). */
export function renderArticle(markdown: string): string {
  return sanitizeHtml(md.render(markdown), { ...allowed, allowedAttributes: { ...allowed.allowedAttributes, a: ['href', 'title', 'rel'] } });
}

/**
 * Checks for files the owner imports, and export helpers. A bad file is refused before it reaches
 * the modeller, so the open draft stays as it was.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { moddleExtensions } from './moddleExtensions';

/** The server refuses larger deployments (server/engine/compile.ts MAX_XML_BYTES). */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;
export const BPMN20_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export type BpmnFileProblem = 'tooLarge' | 'notXml' | 'dtd' | 'notBpmn' | 'bpmn1' | 'unreadable';

export class BpmnFileError extends Error {
  constructor(readonly problem: BpmnFileProblem, detail = '') {
    super(detail || problem);
    this.name = 'BpmnFileError';
  }
}

/** Throws BpmnFileError unless `text` is BPMN 2.0 XML that bpmn-moddle reads. */
export async function checkBpmnText(text: string, byteSize = new Blob([text]).size): Promise<void> {
  if (byteSize > MAX_BPMN_BYTES) throw new BpmnFileError('tooLarge');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new BpmnFileError('dtd');
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const parseError = doc.getElementsByTagName('parsererror')[0];
  if (parseError) throw new BpmnFileError('notXml', parseError.textContent?.split('\n')[0] ?? '');
  const root = doc.documentElement;
  // BPMN 1.x was never XML-standardised: XPDL packages (<Package>, WfMC namespace) and vendor namespaces are what exists.
  const xpdl = /^package$/i.test(root.localName) || /wfmc\.org/i.test(root.namespaceURI ?? '');
  if (root.localName !== 'definitions' && !xpdl) throw new BpmnFileError('notBpmn');
  if (root.namespaceURI !== BPMN20_NS) throw new BpmnFileError(xpdl || /bpmn/i.test(root.namespaceURI ?? '') ? 'bpmn1' : 'notBpmn');
  try {
    await new BpmnModdle(moddleExtensions).fromXML(text, 'bpmn:Definitions');
  } catch (error) {
    throw new BpmnFileError('unreadable', (error as Error).message.split('\n')[0]);
  }
}

/** Reads a picked file, refusing oversize ones before reading them into memory. */
export async function readBpmnFile(file: File): Promise<string> {
  if (file.size > MAX_BPMN_BYTES) throw new BpmnFileError('tooLarge');
  const text = await file.text();
  await checkBpmnText(text, file.size);
  return text;
}

/** Offers a file download of `content`. */
export function downloadFile(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Renders an SVG string to a PNG (white background, 2× for sharp text). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('SVG could not be rendered'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(image.width * scale));
    canvas.height = Math.max(1, Math.ceil(image.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

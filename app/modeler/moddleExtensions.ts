import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import esm from '../../schemas/esm.json';

/** zeebe:* and esm:* are known to the modeller, so they show in the panel and survive export. */
export const moddleExtensions = { zeebe, esm };

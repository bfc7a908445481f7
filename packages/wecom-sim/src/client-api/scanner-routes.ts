import express from 'express';
import { z } from 'zod';
import { parseInput } from '../http/sim-errors';
import type { SimState } from '../state';

/** A QR code holds at most 4,296 characters (alphanumeric mode). */
const MAX_SCAN_TEXT = 4296;

const presetSchema = z.object({ resultStr: z.string().min(1).max(MAX_SCAN_TEXT) });
const suggestionsSchema = z.object({
  suggestions: z
    .array(z.object({ label: z.string().max(100).optional(), resultStr: z.string().min(1).max(MAX_SCAN_TEXT) }))
    .max(50),
});

/**
 * Control API for the simulated scanner (no camera): what the next scanQRCode reads, and what
 * the 模拟扫一扫 overlay offers to pick. Served with the rest of the control API only.
 */
export function scannerControlRoutes(state: SimState): express.Router {
  const router = express.Router();

  // One-shot, like POST /__sim/pickers: the next scanQRCode answers it without the overlay.
  router.post('/scanner/preset', (req, res) => {
    state.client.presetScan(parseInput(presetSchema, req.body).resultStr);
    res.json({ ok: true });
  });

  // Kept until replaced (an empty list clears them), e.g. the demo orders' page URLs.
  router.post('/scanner/suggestions', (req, res) => {
    const { suggestions } = parseInput(suggestionsSchema, req.body);
    state.client.scanSuggestions = suggestions.map((s) => ({ label: s.label || s.resultStr, resultStr: s.resultStr }));
    res.json({ ok: true, suggestions: state.client.scanSuggestions });
  });
  return router;
}

-- What each archived answer answers besides its call: the call's parameters, form-encoded and sorted by name (for
-- example heart v2 get's signalid, the ECG its waveform belongs to). Never a secret: the client leaves those out.
-- Answers archived before have none; their waveforms are matched to their ECGs by the order they were received in.
alter table raw_response add column call_parameters text;

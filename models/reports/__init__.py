"""Reports: what leaves the desk, in html, pdf, md, csv, json and claimreview.

model.py builds the report (head + streamed claims); one module per format writes it;
export.py is the single entry point; claimreview_check.py validates ClaimReview markup.
"""

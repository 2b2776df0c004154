"""Onboarding packs (`sopkit onboard`): one folder per new hire with a personal PDF (and
Word) pack, the role's forms pre-filled, and the training schedule as an .ics calendar.

workdays.py  working days and hours from org.yaml's optional `calendar`
schedule.py  training sessions → dated sittings          checklist.py  30/60/90-day tasks
request.py   checking who, which role, when             view.py       what the pack says
orgchart.py  where the role sits                        ics.py        the calendar file
pdf.py, fields.py  the PDF and its fillable fields      formfiles.py  the pre-filled forms
pack.py      writing one pack folder atomically         batch.py      one pack per CSV row
formcache.py blank forms kept on disk between runs     workers.py    the model in worker processes
"""

"""Figure builders: one module per chart family, DataFrame in, Plotly figure out.

Builders never read the database and never round: they draw the numbers they are given (pages round when they
show numbers as text). Every figure carries a title that says what it shows; axis titles and legends are in the
page's language (the labels are lazy strings, English outside a request).
"""
